#!/usr/bin/env python3
"""The notebook's graph as TF 1.15.0's Python builds it, node for node, in `graph`'s listing format.

Written by hand from TF 1.15.0's sources (v1.15.0, commit 590d6eef); TF1_GRAPH.md beside the
project's README names the file and function behind every block. It needs no TensorFlow: it
replays what those functions create (names, op types, inputs, control inputs, seeds) in
creation order, with TF1's own name uniquing (ops.Graph.unique_name). The gradient subgraph
(`gradients/...`) is left out: the golden listings cover everything outside it, and name the
gradient tensors the optimizer applies as TF1's tf.gradients names them.

  python3 derive_listing.py batch|layer|none|collected > FILE
"""
import sys


class Graph:
    """ops.Graph: unique names (case-insensitive), name scopes, nodes in creation order."""

    def __init__(self):
        self.names_in_use = {}
        self.nodes = []  # [name, op, inputs, controls, suffix]
        self.stack = ""
        self.ops = 0

    def unique_name(self, name):
        if self.stack:
            name = self.stack + "/" + name
        key = name.lower()
        i = self.names_in_use.get(key, 0)
        self.names_in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self.names_in_use:
                key = "%s_%d" % (base, i)
                i += 1
            self.names_in_use[key] = 1
            name = "%s_%d" % (name, i - 1)
        return name

    def scope(self, name):
        """`with name_scope(name) as s`: returns the scope string, ending in '/'."""
        return Scope(self, name)

    def op(self, op_type, name, inputs=(), controls=(), suffix=""):
        """create_op: a name ending in '/' is a scope's own name, otherwise made unique."""
        full = name[:-1] if name.endswith("/") else self.unique_name(name)
        self.nodes.append([full, op_type, list(inputs), sorted(set(controls)), suffix])
        self.ops += 1
        return full

    def node(self, name):
        return next(n for n in self.nodes if n[0] == name)

    def listing(self):
        out = []
        for name, op, inputs, controls, suffix in self.nodes:
            out.append("%s %s [%s]%s" % (name, op,
                                          ", ".join(inputs + ["^" + c for c in controls]), suffix))
        return "\n".join(out) + "\n"


class Scope:
    def __init__(self, g, name):
        self.g, self.name = g, name

    def __enter__(self):
        self.old = self.g.stack
        if self.name is None:  # name_scope(None): back to the root
            self.g.stack = ""
            return ""
        if self.name.endswith("/"):
            self.g.stack = self.name[:-1]
        else:
            self.g.stack = self.g.unique_name(self.name)
        return self.g.stack + "/"

    def __exit__(self, *a):
        self.g.stack = self.old


def gen_op(g, op_type, inputs, name=None, controls=(), consts=(), suffix=""):
    """op_def_library._apply_op_helper: name_scope(name or op_type); Python values among the
    inputs become Consts named after the input argument inside it; the op takes the scope's
    name. `inputs` holds tensor names, or (arg_name, None) for a value converted to a Const,
    or (arg_name, [tensors]) for a list holding tensors, auto-packed by a Pack."""
    with g.scope(name or op_type) as s:
        real = []
        for x in inputs:
            if isinstance(x, tuple) and x[1] is None:
                real.append(g.op("Const", x[0], controls=controls))
            elif isinstance(x, tuple):
                # array_ops._autopacking_helper: name_scope(arg name), Pack named like it
                with g.scope(x[0]) as ps:
                    real.append(g.op("Pack", ps, x[1], controls=controls))
            else:
                real.append(x)
        return g.op(op_type, s, real, controls, suffix)


def const(g, name, controls=()):
    return g.op("Const", name, controls=controls)


# --- variables ---------------------------------------------------------------------------------

def ref_variable(g, name, initial_value, initializers):
    """variables.RefVariable._init_from_args: name_scope(name, "Variable"), the initial value
    (a callable is called there, under Initializer; a tensor was made before), VariableV2,
    Assign, read."""
    with g.scope(name) as s:
        init = initial_value(s) if callable(initial_value) else initial_value
        var = g.op("VariableV2", s)
        initializers.append(g.op("Assign", "Assign", [var, init]))
        g.op("Identity", "read", [var])
    return var


def resource_variable(g, name, initial_value_fn, initializers):
    """resource_variable_ops.ResourceVariable._init_from_args: under name_scope(name), the
    initial value in Initializer, VarHandleOp, IsInitialized/VarIsInitializedOp, Assign
    (AssignVariableOp) and Read/ReadVariableOp."""
    with g.scope(name) as s:
        init = initial_value_fn(s)
        handle = g.op("VarHandleOp", s)
        with g.scope("IsInitialized"):
            g.op("VarIsInitializedOp", "VarIsInitializedOp", [handle])
        with g.scope("Assign") as a:
            initializers.append(g.op("AssignVariableOp", a, [handle, init]))
        with g.scope("Read"):
            g.op("ReadVariableOp", "ReadVariableOp", [handle])
    return handle


def zeros_or_ones(g, s, fn, n_elements):
    """init_ops.Zeros/Ones -> array_ops.zeros/ones in name_scope 'Initializer': one Const below
    1000 elements (_constant_if_small), else shape_as_tensor, Const and a Fill."""
    with g.scope(s + "Initializer/"):
        with g.scope(fn) as z:
            if n_elements < 1000:
                return g.op("Const", z)
            shape = g.op("Const", "shape_as_tensor")
            c = g.op("Const", "Const")
            return g.op("Fill", z, [shape, c])


# --- v1 cond -----------------------------------------------------------------------------------

class CondContext:
    """control_flow_ops.CondContext (1.15): AddValue, _AddOpInternal, _ProcessOutputTensor."""

    def __init__(self, g, pred_id, pivot, branch):
        self.g, self.pred_id, self.pivot, self.branch = g, pred_id, pivot, branch
        self.values = {pred_id, pivot}
        self.external = {pred_id: pred_id}

    def out(self, switch):
        return switch + ":1" if self.branch else switch

    def add_value(self, val, op_scope):
        if val in self.values:
            return self.external.get(val, val)
        self.values.add(val)
        # _SwitchRefOrTensor(val, pred, name="Switch") under the op's own name scope
        with self.g.scope(op_scope + "/"):
            sw = self.g.op("Switch", "Switch", [val, self.pred_id])
        result = self.out(sw)
        self.values.add(result)
        self.external[val] = result
        return result

    def op(self, op_type, name, inputs, controls=()):
        """An op created in the branch: created first, then each outside input is switched in
        (op._update_input); an op without inputs waits for the pivot."""
        if not inputs:
            controls = list(controls) + [self.pivot]
        full = self.g.op(op_type, name, inputs, controls)
        node = self.g.node(full)
        node[2] = [self.add_value(x, full) for x in inputs]
        self.values.add(full)
        return full

    def process_output(self, val, cond_scope):
        if val not in self.values:
            self.values.add(val)
            with self.g.scope(cond_scope):
                sw = self.g.op("Switch", "Switch", [val, self.pred_id])
            self.external[val] = self.out(sw)
            return self.out(sw)
        return self.external.get(val, val)


def cond(g, pred, true_fn, false_fn):
    """control_flow_ops.cond (v1): Switch(pred, pred), switch_t, switch_f, pred_id, the true
    branch, the false branch, Merge([false, true]); BuildCondBranch adds no Identity."""
    with g.scope("cond") as s:
        sw = g.op("Switch", "Switch", [pred, pred])
        pivot_t = g.op("Identity", "switch_t", [sw + ":1"])
        pivot_f = g.op("Identity", "switch_f", [sw])
        pred_id = g.op("Identity", "pred_id", [pred])
        ct = CondContext(g, pred_id, pivot_t, 1)
        res_t = ct.process_output(true_fn(ct, s), s)
        cf = CondContext(g, pred_id, pivot_f, 0)
        res_f = cf.process_output(false_fn(cf, s), s)
        return g.op("Merge", "Merge", [res_f, res_t])


# --- the notebook ------------------------------------------------------------------------------

def truncated_normal(g, seed2_out):
    """random_ops.truncated_normal: shape, mean, stddev, then the seed (graph seed, id of the
    last op), TruncatedNormal, mul, and Add named like the scope."""
    with g.scope("truncated_normal") as s:
        shape = g.op("Const", "shape")
        mean = g.op("Const", "mean")
        std = g.op("Const", "stddev")
        seed2 = g.ops  # ids count ops from 1: the last op's id is the number of ops so far
        seed2_out.append(seed2)
        rnd = gen_op(g, "TruncatedNormal", [shape], suffix=" seed=2020 seed2=%d" % seed2)
        with g.scope("mul") as m:
            mul = g.op("Mul", m, [rnd, std])
        return g.op("Add", s, [mul, mean])


def moments(g, x, axis_keep_dims):
    """nn_impl.moments: reduce_mean(name="mean"), stop_gradient, squared_difference,
    reduce_mean(name="variance"), and the two Squeezes unless keep_dims."""
    with g.scope("moments"):
        mean = gen_op(g, "Mean", [x, ("reduction_indices", None)], name="mean")
        stop = g.op("StopGradient", "StopGradient", [mean])
        sq = g.op("SquaredDifference", "SquaredDifference", [x, stop])
        var = gen_op(g, "Mean", [sq, ("reduction_indices", None)], name="variance")
        if axis_keep_dims:
            return mean, var
        return (g.op("Squeeze", "Squeeze", [mean]), g.op("Squeeze", "Squeeze", [var]))


def binary(g, op_type, opname, x, y_tensor=None, y_const=False, y_read_handle=None):
    """math_ops binary_op_wrapper: name_scope(opname); a Python number becomes 'y'; a variable
    on the right is converted (read) inside the scope."""
    with g.scope(opname) as s:
        if y_const:
            y = g.op("Const", "y")
        elif y_read_handle is not None:
            y = g.op("ReadVariableOp", "ReadVariableOp", [y_read_handle])
        else:
            y = y_tensor
        return g.op(op_type, s, [x, y])


def batch_normalization_fn(g, x, mean, variance, offset, scale, eps_resource):
    """nn_impl.batch_normalization: inv = rsqrt(variance + eps); inv *= scale;
    x * inv + (offset - mean * inv). `offset`/`scale` are (kind, name): a ref variable is its
    read snapshot, a resource variable is read where used."""
    with g.scope("batchnorm") as s:
        add = binary(g, "AddV2", "add", variance, y_const=True)
        inv = g.op("Rsqrt", "Rsqrt", [add])
        if scale[0] == "resource":
            inv = binary(g, "Mul", "mul", inv, y_read_handle=scale[1])
        else:
            inv = binary(g, "Mul", "mul", inv, scale[1] + "/read")
        mul1 = binary(g, "Mul", "mul", x, inv)
        mul2 = binary(g, "Mul", "mul", mean, inv)
        if offset[0] == "resource":
            off = g.op("ReadVariableOp", "ReadVariableOp", [offset[1]])  # a.value() first
        else:
            off = offset[1] + "/read"
        sub = binary(g, "Sub", "sub", off, mul2)
        return binary(g, "AddV2", "add", mul1, sub)


def keras_batch_norm(g, x, training, initializers, trainable, updates):
    """keras.layers.BatchNormalization (v1) called on a 2-D input in graph mode."""
    with g.scope("batch_normalization") as s:
        handles = {}
        for name, fn in (("gamma", "ones"), ("beta", "zeros"), ("moving_mean", "zeros"),
                         ("moving_variance", "ones")):
            handles[name] = resource_variable(
                g, name, lambda vs, fn=fn: zeros_or_ones(g, vs, fn, 512), initializers)
        trainable += [("resource", handles["gamma"]), ("resource", handles["beta"])]
        mean, variance = moments(g, x, False)

        def read(ctx, cs, handle):
            return ctx.op("ReadVariableOp", "ReadVariableOp", [handle])

        m = cond(g, training, lambda c, cs: mean,
                 lambda c, cs: read(c, cs, handles["moving_mean"]))
        v = cond(g, training, lambda c, cs: variance,
                 lambda c, cs: read(c, cs, handles["moving_variance"]))

        def assign_moving_average(c, cs, handle, value):
            with g.scope("AssignMovingAvg") as a:
                decay = c.op("Const", "decay", [])
                r = c.op("ReadVariableOp", "ReadVariableOp", [handle])
                with g.scope("sub") as sub_s:
                    sub = c.op("Sub", sub_s, [r, value])
                with g.scope("mul") as mul_s:
                    mul = c.op("Mul", mul_s, [sub, decay])
                # resource assign_sub: state_ops.assign_sub passes no name on
                assign = c.op("AssignSubVariableOp", "AssignSubVariableOp", [handle, mul])
                c.op("ReadVariableOp", "ReadVariableOp", [handle], [assign])  # _UnreadVariable
            # the branch result, the _UnreadVariable converted in the cond's scope
            return c.op("ReadVariableOp", "ReadVariableOp", [handle], [assign])

        for handle, value in ((handles["moving_mean"], m), (handles["moving_variance"], v)):
            updates.append(cond(g, training,
                                lambda c, cs, h=handle, val=value: assign_moving_average(
                                    c, cs, h, val),
                                lambda c, cs, h=handle: read(c, cs, h)))
        return batch_normalization_fn(g, x, m, v, ("resource", handles["beta"]),
                                      ("resource", handles["gamma"]), True)


def contrib_layer_norm(g, x, initializers, trainable):
    """contrib.layers.layer_norm: variable_scope 'LayerNorm', beta then gamma via get_variable
    (ref variables), moments over axis 1 kept, batch_normalization with 1e-12."""
    with g.scope("LayerNorm") as s:
        # get_variable: the name is the variable scope's + '/beta', made under name_scope(None)
        with g.scope(None):
            beta = ref_variable(g, s + "beta", lambda vs: zeros_or_ones(g, vs, "zeros", 512),
                                initializers)
            gamma = ref_variable(g, s + "gamma", lambda vs: zeros_or_ones(g, vs, "ones", 512),
                                 initializers)
        trainable += [("ref", beta), ("ref", gamma)]
        mean, variance = moments(g, x, True)
        return batch_normalization_fn(g, x, mean, variance, ("ref", beta), ("ref", gamma), False)


def notebook(norm, collected):
    g = Graph()
    initializers, trainable, updates, seeds = [], [], [], []
    # Cell 1
    x = g.op("Placeholder", "Placeholder")
    y = g.op("Placeholder", "Placeholder")
    units = [784, 512, 512, 10]
    weights, biases = [], []
    for n_in, n_out in zip(units[:-1], units[1:]):
        # tf.Variable(tensor): the argument is built first, outside the variable's scope
        weights.append(ref_variable(g, "Variable", truncated_normal(g, seeds), initializers))
        with g.scope("zeros") as zs:
            zeros = g.op("Const", zs)
        biases.append(ref_variable(g, "Variable", zeros, initializers))
    # Cell 2
    training = g.op("Placeholder", "Placeholder")
    # Cell 3
    layer = x
    for i, (w, b) in enumerate(zip(weights, biases)):
        with g.scope("MatMul") as s:
            layer = g.op("MatMul", s, [layer, w + "/read"])
        layer = binary(g, "AddV2", "add", layer, b + "/read")
        if i < len(weights) - 1:
            if norm == "batch":
                layer = keras_batch_norm(g, layer, training, initializers, trainable, updates)
            elif norm == "layer":
                layer = contrib_layer_norm(g, layer, initializers, trainable)
            layer = g.op("Tanh", "Tanh", [layer])
    y_hat = layer
    # Cell 4: one_hot
    with g.scope("one_hot") as s:
        on = g.op("Const", "on_value")
        off = g.op("Const", "off_value")
        y_hot = gen_op(g, "OneHot", [y, ("depth", None), on, off], name=s)
    # softmax_cross_entropy_with_logits_v2_helper
    with g.scope("softmax_cross_entropy_with_logits") as s:
        def rank():
            with g.scope("Rank") as r:
                return g.op("Const", r)

        def shape(t):
            with g.scope("Shape") as sh:
                return g.op("Shape", sh, [t])

        def flatten(t):
            r = rank()
            sh = shape(t)
            sub = gen_op(g, "Sub", [r, ("y", None)])
            last = gen_op(g, "Slice", [sh, ("begin", [sub]), ("size", None)])
            cat = gen_op(g, "ConcatV2", [("values_0", None), last, ("axis", None)],
                         name="concat")
            return gen_op(g, "Reshape", [t, cat])

        input_rank = rank()
        input_shape = shape(y_hat)
        logits = flatten(y_hat)
        labels = flatten(y_hot)
        cost = g.op("SoftmaxCrossEntropyWithLogits", s, [logits, labels])
        sub = gen_op(g, "Sub", [input_rank, ("y", None)])
        out_shape = gen_op(g, "Slice", [input_shape, ("begin", None), ("size", [sub])])
        costs = gen_op(g, "Reshape", [cost, out_shape])
    # reduce_mean: _ReductionDims makes the Const before Mean's scope
    c = g.op("Const", "Const")
    loss = gen_op(g, "Mean", [costs, c])
    a1 = gen_op(g, "ArgMax", [y_hot, ("dimension", None)])
    a2 = gen_op(g, "ArgMax", [y_hat, ("dimension", None)])
    eq = g.op("Equal", "Equal", [a1, a2])
    with g.scope("Cast") as s:
        cast = g.op("Cast", s, [eq])
    with g.scope("count_nonzero"):
        with g.scope("zeros") as zs:
            zero = g.op("Const", zs)
        ne = g.op("NotEqual", "NotEqual", [cast, zero])
        with g.scope("Cast") as s:
            c2 = g.op("Cast", s, [ne])
        rd = g.op("Const", "Const")
        count = gen_op(g, "Sum", [c2, rd])
    with g.scope("Shape") as s:
        sh = g.op("Shape", s, [y_hot])
    with g.scope("strided_slice") as s:
        st = [g.op("Const", "stack") for _ in range(3)]
        ss = g.op("StridedSlice", s, [sh] + st)
    with g.scope("Cast") as s:
        n = g.op("Cast", s, [ss])
    with g.scope("truediv") as s:
        with g.scope("Cast") as cs:
            xc = g.op("Cast", cs, [count])
        with g.scope("Cast") as cs:
            yc = g.op("Cast", cs, [n])
        g.op("RealDiv", s, [xc, yc])
    extra_ops = updates if collected else []
    # minimize -> compute_gradients (tf.gradients, GATE_OP): the tensor each variable gets
    g.unique_name("gradients")
    var_list = [("ref", v) for pair in zip(weights, biases) for v in pair] + trainable
    grads = []
    layers = len(weights)
    for i in range(layers):
        mm = "MatMul" if i == 0 else "MatMul_%d" % i
        ad = "add" if i == 0 else "add_%d" % i
        grads.append("gradients/%s_grad/tuple/control_dependency_1" % mm)
        grads.append("gradients/%s_grad/tuple/control_dependency_1" % ad)
    for kind, v in trainable:
        layer_scope = v.rsplit("/", 1)[0]
        if v.endswith("gamma"):
            grads.append("gradients/%s/batchnorm/mul_grad/tuple/control_dependency_1"
                         % layer_scope)
        else:
            grads.append("gradients/%s/batchnorm/sub_grad/tuple/control_dependency"
                         % layer_scope)
    # apply_gradients: _create_slots in init_scope (no control dependencies)
    first = min(var_list, key=lambda kv: kv[1] + ":0")
    assert first[0] == "ref"
    powers = []
    for name in ("beta1_power", "beta2_power"):
        # variable_scope.variable(0.9, name): the Python float converted in the scope
        powers.append(ref_variable(g, name, lambda s: g.op("Const", "initial_value"),
                                   initializers))
    shapes = {}
    for i, (n_in, n_out) in enumerate(zip(units[:-1], units[1:])):
        shapes[weights[i]] = n_in * n_out
        shapes[biases[i]] = n_out
    slots = {}
    for kind, v in var_list:
        slots[v] = []
        for _ in range(2):
            # variable_scope(None, default_name=var.op.name + "/Adam"): the var is NAME/Adam/
            with g.scope(v + "/Adam") as vs:
                pass
            make = resource_variable if kind == "resource" else ref_variable
            slots[v].append(make(g, vs, lambda s, v=v: zeros_or_ones(
                g, s, "zeros", shapes.get(v, 512)), initializers))
    update_ops = []
    with g.scope("Adam") as adam:
        consts = {k: g.op("Const", k, controls=extra_ops)
                  for k in ("learning_rate", "beta1", "beta2", "epsilon")}
        for (kind, v), grad in zip(var_list, grads):
            with g.scope("update_" + v):
                # the casts of the Python-side _apply_dense claim Cast scopes and make no op
                op_type = "ResourceApplyAdam" if kind == "resource" else "ApplyAdam"
                update_ops.append(g.op(op_type, op_type, [v] + slots[v] + [
                    powers[0] + "/read", powers[1] + "/read", consts["learning_rate"],
                    consts["beta1"], consts["beta2"], consts["epsilon"], grad]))
        assigns = []
        for p, b in zip(powers, ("beta1", "beta2")):
            with g.scope("mul") as m:
                mul = g.op("Mul", m, [p + "/read", consts[b]], controls=update_ops)
            assigns.append(g.op("Assign", "Assign", [p, mul]))
        g.op("NoOp", adam, controls=update_ops + assigns + extra_ops)
    with g.scope("init") as s:
        g.op("NoOp", s, controls=initializers)
    return g


def main():
    variant = sys.argv[1] if len(sys.argv) > 1 else "batch"
    norm = {"collected": "batch"}.get(variant, variant)
    g = notebook(norm, variant == "collected")
    sys.stdout.write(g.listing())


if __name__ == "__main__":
    main()
