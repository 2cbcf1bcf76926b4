/**
 * {@code tf.gradients} as TF 1.15 builds it: the walk of {@code ops/gradients_util.py}, the
 * gradient functions grouped as TF groups them ({@code ops/math_grad.py}, {@code
 * ops/array_grad.py}, {@code ops/nn_grad.py}, {@code ops/control_flow_grad.py}, {@code
 * ops/resource_variable_ops.py}), their registry ({@code framework/ops.py}'s {@code
 * RegisterGradient}), and the other path: TensorFlow's C++ gradient registry ({@code
 * Graph.addGradients}) with the Switch and Merge gradients it lacks.
 */
package hiddenlayer.tf1.gradients;
