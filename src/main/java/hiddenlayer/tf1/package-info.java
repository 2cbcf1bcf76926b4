/**
 * TF1 graph construction as TF 1.15's Python does it, apart from any model: name scopes and the
 * op-creation context ({@code framework/ops.py}: {@code Graph.name_scope}, {@code
 * control_dependencies}, {@code colocate_with}), ref and resource variables ({@code
 * ops/variables.py}, {@code ops/resource_variable_ops.py}), the v1 cond ({@code
 * ops/control_flow_ops.py}), the Python operators ({@code ops/math_ops.py}), the array, math,
 * random and nn functions a graph calls ({@code ops/array_ops.py}, {@code ops/math_ops.py}, {@code
 * ops/random_ops.py} with {@code framework/random_seed.py}, {@code ops/nn_impl.py}, {@code
 * ops/nn_ops.py}), graph collections ({@code framework/ops.py} {@code GraphKeys}), the
 * variables initializer ({@code ops/variables.py} {@code global_variables_initializer}), the
 * MetaGraphDef of a graph ({@code framework/meta_graph.py} {@code create_meta_graph_def}) and
 * what {@code tf.train.import_meta_graph} reads from one ({@code framework/meta_graph.py}).
 *
 * <p>Nothing here knows the notebook; {@code hiddenlayer.graph} builds it from these parts.
 */
package hiddenlayer.tf1;
