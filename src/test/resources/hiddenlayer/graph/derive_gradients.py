#!/usr/bin/env python3
"""The gradient subgraph TF 1.15.0 builds for the notebook's graph, in `graph`'s listing format.

Written by hand from TF 1.15.0's sources (NVIDIA/tensorflow at 590d6eef, tensorflow/python/):
what optimizer.compute_gradients(loss, var_list, gate_gradients=GATE_OP) ->
gradients_util._GradientsHelper creates, replayed block by block. Each helper below is one TF
function (named in its docstring); the walk itself (the order in which _GradientsHelper's FIFO
queue visits the ops, given their pending counts) is written out per variant in `walk_*`,
with the reason for each step. Needs no TensorFlow.

  python3 derive_gradients.py none|layer|batch|collected > gradients-VARIANT.txt
"""
import sys

XENT = "softmax_cross_entropy_with_logits"
UPDATES = ["batch_normalization/cond_2/Merge", "batch_normalization/cond_3/Merge",
           "batch_normalization_1/cond_2/Merge", "batch_normalization_1/cond_3/Merge"]


class G:
    """ops.Graph.unique_name under the scope `gradients/` (mark_as_used), nodes in order."""

    def __init__(self):
        self.used = {}
        self.lines = []
        self.bcast_cache = set()

    def unique(self, name):
        key = name.lower()
        i = self.used.get(key, 0)
        self.used[key] = i + 1
        if i == 0:
            return name
        base = key
        while key in self.used:
            key = "%s_%d" % (base, i)
            i += 1
        self.used[key] = 1
        return "%s_%d" % (name, i - 1)

    def comment(self, text):
        for line in text.strip().splitlines():
            self.lines.append("# " + line.strip())

    def op(self, scope, name, op_type, inputs=(), controls=()):
        full = self.unique(scope + name)
        ins = list(inputs) + ["^" + c for c in sorted(set(controls))]
        self.lines.append("%s %s [%s]" % (full, op_type, ", ".join(ins)))
        return full


def shape(g, s, x, known):
    """array_ops.shape(x): a Const when x's static shape is fully defined, else a Shape op."""
    return g.op(s, "Shape", "Const") if known else g.op(s, "Shape", "Shape", [x])


def tuple_(g, s, tensors, gate_ops):
    """control_flow_ops.tuple: group_deps over the tensors' ops (by id), control_dependency*."""
    t = g.unique(s + "tuple") + "/"
    gate = g.op(t, "group_deps", "NoOp", controls=gate_ops)
    out = [g.op(t, "control_dependency", "Identity", [x], [gate]) for x in tensors]
    return out


def default_grad_ys(g):
    """gradients_util._DefaultGradYs: fill(shape(y), constant(1, name='grad_ys_0'))."""
    g.comment("""gradients_util._DefaultGradYs: fill(shape(loss), constant(1, name="grad_ys_0")); the
        scalar loss has a fully defined shape, so array_ops.shape_internal makes it a Const.""")
    sh = g.op("gradients/", "Shape", "Const")
    one = g.op("gradients/", "grad_ys_0", "Const")
    return g.op("gradients/", "Fill", "Fill", [sh, one])


def safe_shape_div(g, s, x, y):
    """math_grad._safe_shape_div: x // maximum(y, 1)."""
    m = g.unique(s + "Maximum")
    c = g.op(m + "/", "y", "Const")
    g.lines.append("%s Maximum [%s, %s]" % (m, y, c))
    return g.op(s, "floordiv", "FloorDiv", [x, m])


def mean_grad(g, op, inp, axes_const, grad, input_known_rank1, output_known):
    """math_grad._MeanGrad -> _SumGrad; input [?] reduced fully (fast path) or [?, n] over one
    axis (math_ops.reduced_shape, colocated with the Shape); the factor from runtime shapes."""
    s = "gradients/%s_grad/" % op
    if input_known_rank1:
        r = g.unique(s + "Reshape")
        c = g.op(r + "/", "shape", "Const")
        g.lines.append("%s Reshape [%s, %s]" % (r, grad, c))
        sh = g.op(s, "Shape", "Shape", [inp])
        tiled = g.op(s, "Tile", "Tile", [r, sh])
    else:
        sh = g.op(s, "Shape", "Shape", [inp])
        size = g.op(s, "Size", "Const")
        add = g.op(s, "add", "AddV2", [axes_const, size])
        mod = g.op(s, "mod", "FloorMod", [add, size])
        axes_shape = g.op(s, "Shape", "Const")
        rg = g.unique(s + "range")
        start = g.op(rg + "/", "start", "Const")
        delta = g.op(rg + "/", "delta", "Const")
        g.lines.append("%s Range [%s, %s, %s]" % (rg, start, size, delta))
        f = g.unique(s + "Fill")
        v = g.op(f + "/", "value", "Const")
        g.lines.append("%s Fill [%s, %s]" % (f, axes_shape, v))
        stitch = g.op(s, "DynamicStitch", "DynamicStitch", [rg, mod, sh, f])
        scaling = safe_shape_div(g, s, sh, stitch)
        r = g.op(s, "Reshape", "Reshape", [grad, stitch])
        tiled = g.op(s, "Tile", "Tile", [r, scaling])
    in_shape = g.op(s, "Shape", "Shape", [inp])
    out_shape = shape(g, s, op, output_known)
    c0 = g.op(s, "Const", "Const")
    p0 = g.op(s, "Prod", "Prod", [in_shape, c0])
    c1 = g.op(s, "Const", "Const")
    p1 = g.op(s, "Prod", "Prod", [out_shape, c1])
    factor = safe_shape_div(g, s, p0, p1)
    cast = g.op(s, "Cast", "Cast", [factor])
    return g.op(s, "truediv", "RealDiv", [tiled, cast])


def reshape_grad(g, op, inp, grad, known=False):
    """array_grad._ReshapeGrad / _SqueezeGrad: reshape(grad, shape(op.inputs[0]))."""
    s = "gradients/%s_grad/" % op
    sh = shape(g, s, inp, known)
    return g.op(s, "Reshape", "Reshape", [grad, sh])


def xent_grad(g, grad):
    """nn_grad._SoftmaxCrossEntropyWithLogitsGrad, after the walk's zeros_like for the unused
    backprop output (control_flow_state.ZerosLikeOutsideLoop): IsZero, so no second-order term;
    _BroadcastMul(grad, backprop) and, for the labels, _BroadcastMul(grad, -log_softmax)."""
    g.op("gradients/", "zeros_like", "ZerosLike", [XENT + ":1"])
    s = "gradients/%s_grad/" % XENT
    e = g.unique(s + "ExpandDims")
    d = g.op(e + "/", "dim", "Const")
    g.lines.append("%s ExpandDims [%s, %s]" % (e, grad, d))
    mul = g.op(s, "mul", "Mul", [e, XENT + ":1"])
    ls = g.op(s, "LogSoftmax", "LogSoftmax", [XENT + "/Reshape"])
    neg = g.op(s, "Neg", "Neg", [ls])
    e1 = g.unique(s + "ExpandDims")
    d1 = g.op(e1 + "/", "dim", "Const")
    g.lines.append("%s ExpandDims [%s, %s]" % (e1, grad, d1))
    mul1 = g.op(s, "mul", "Mul", [e1, neg])
    return tuple_(g, s, [mul, mul1], [mul, mul1])[0]


def bga(g, s, x, y):
    """SmartBroadcastGradientArgs with a dimension unknown: shape_internal(optimize=False)."""
    sx = g.op(s, "Shape", "Shape", [x])
    sy = g.op(s, "Shape", "Shape", [y])
    b = g.op(s, "BroadcastGradientArgs", "BroadcastGradientArgs", [sx, sy])
    return sx, sy, b


def reduce_to(g, s, t, r, sh):
    """reshape(reduce_sum(t, r), sh)."""
    total = g.op(s, "Sum", "Sum", [t, r])
    return g.op(s, "Reshape", "Reshape", [total, sh])


def add_grad(g, op, x, y, grad):
    """math_grad._AddGrad, broadcasting with an unknown batch: both reduced; a tuple."""
    s = "gradients/%s_grad/" % op
    sx, sy, b = bga(g, s, x, y)
    gx = reduce_to(g, s, grad, b, sx)
    gy = reduce_to(g, s, grad, b + ":1", sy)
    return tuple_(g, s, [gx, gy], [gx, gy])


def add_scalar_grad(g, op, grad):
    """math_grad._AddGrad of [n] + a scalar, both fully defined: the graph's cache
    (_bcast_grad_args_cache) builds BroadcastGradientArgs of Consts s0, s1 the first time the
    pair of shapes is seen; x needs no reduction, y is reduced with Python-tuple axes."""
    s = "gradients/%s_grad/" % op
    if "n+scalar" not in g.bcast_cache:
        g.bcast_cache.add("n+scalar")
        b = g.unique(s + "BroadcastGradientArgs")
        s0 = g.op(b + "/", "s0", "Const")
        s1 = g.op(b + "/", "s1", "Const")
        g.lines.append("%s BroadcastGradientArgs [%s, %s]" % (b, s0, s1))
    t = g.unique(s + "Sum")
    ri = g.op(t + "/", "reduction_indices", "Const")
    g.lines.append("%s Sum [%s, %s]" % (t, grad, ri))
    r = g.unique(s + "Reshape")
    rs = g.op(r + "/", "shape", "Const")
    g.lines.append("%s Reshape [%s, %s]" % (r, t, rs))
    return tuple_(g, s, [grad, r], [grad, r])


def sub_grad(g, op, x, y, grad, equal):
    """math_grad._SubGrad: equal fully defined shapes give (grad, -grad); else reduced."""
    s = "gradients/%s_grad/" % op
    if equal:
        neg = g.op(s, "Neg", "Neg", [grad])
        return tuple_(g, s, [grad, neg], [grad, neg])
    sx, sy, b = bga(g, s, x, y)
    gx = reduce_to(g, s, grad, b, sx)
    neg = g.op(s, "Neg", "Neg", [grad])
    gy = reduce_to(g, s, neg, b + ":1", sy)
    return tuple_(g, s, [gx, gy], [gx, gy])


def mul_grad(g, op, x, y, grad, equal):
    """math_grad._MulGrad: equal fully defined float32 shapes give Mul(grad, y), Mul(grad, x);
    else Mul(grad, y) and Mul(x, grad), reduced."""
    s = "gradients/%s_grad/" % op
    if equal:
        a = g.op(s, "Mul", "Mul", [grad, y])
        b_ = g.op(s, "Mul", "Mul", [grad, x])
        return tuple_(g, s, [a, b_], [a, b_])
    sx, sy, b = bga(g, s, x, y)
    m0 = g.op(s, "Mul", "Mul", [grad, y])
    gx = reduce_to(g, s, m0, b, sx)
    m1 = g.op(s, "Mul", "Mul", [x, grad])
    gy = reduce_to(g, s, m1, b + ":1", sy)
    return tuple_(g, s, [gx, gy], [gx, gy])


def squared_difference_grad(g, op, x, y, grad):
    """math_grad._SquaredDifferenceGrad: under control_dependencies([grad]) x_grad =
    scalar_mul(2.0, grad) * (x - y) (the Const and the Sub get ^grad, the Muls are dominated);
    y's shape differs, so both are reduced and y's negated; a tuple."""
    s = "gradients/%s_grad/" % op
    two = g.op(s, "scalar", "Const", controls=[grad])
    m = g.op(s, "Mul", "Mul", [two, grad])
    d = g.op(s, "sub", "Sub", [x, y], [grad])
    xg = g.op(s, "mul", "Mul", [m, d])
    sx, sy, b = bga(g, s, x, y)
    gx = reduce_to(g, s, xg, b, sx)
    gy0 = reduce_to(g, s, xg, b + ":1", sy)
    gy = g.op(s, "Neg", "Neg", [gy0])
    return tuple_(g, s, [gx, gy], [gx, gy])


def matmul_grad(g, op, a, b, grad):
    """math_grad._MatMulGrad: grad @ b^T and a^T @ grad, both built; a tuple."""
    s = "gradients/%s_grad/" % op
    ga = g.op(s, "MatMul", "MatMul", [grad, b])
    gb = g.op(s, "MatMul", "MatMul", [a, grad])
    return tuple_(g, s, [ga, gb], [ga, gb])


def tanh_grad(g, op, grad):
    """math_grad._TanhGrad: TanhGrad(y, grad) (control_dependencies([grad]) adds none: grad is an
    input)."""
    return g.op("gradients/%s_grad/" % op, "TanhGrad", "TanhGrad", [op, grad])


def merge_grad(g, cond, grad):
    """control_flow_grad._MergeGrad in the CondContext of the Merge's first input:
    _SwitchRefOrTensor(grad, pred_id, name="cond_grad"); two gradients, a tuple."""
    s = "gradients/%s/Merge_grad/" % cond
    sw = g.op(s, "cond_grad", "Switch", [grad, cond + "/pred_id"])
    return tuple_(g, s, [sw, sw + ":1"], [sw])


def switch_grad_with_zeros(g, cond, data, grad_true):
    """control_state.ZerosLikeOutsideLoop for the true branch's Switch's unused false output
    (switch(data, pred)[0], its Identity as pivot, zeros of its shape under
    control_dependencies([pivot]), which the Fill, fed from inside the block, does not repeat);
    then control_flow_grad._SwitchGrad in the CondContext: merge(grad, name="cond_grad")."""
    sw = g.op("gradients/", "Switch", "Switch", [data, cond + "/pred_id"])
    pivot = g.op("gradients/", "Identity", "Identity", [sw])
    sh = g.op("gradients/", "Shape", "Shape", [sw])
    z = g.unique("gradients/zeros")
    c = g.op(z + "/", "Const", "Const", controls=[pivot])
    g.lines.append("%s Fill [%s, %s]" % (z, sh, c))
    return g.op("gradients/%s/Switch_1_grad/" % cond, "cond_grad", "Merge", [z, grad_true])


def head(g):
    """From the loss to the last layer's logits: Mean, the wrapper's Reshape_2, the kernel, the
    wrapper's first Reshape."""
    fill = default_grad_ys(g)
    g.comment("""math_grad._MeanGrad -> _SumGrad, fast path (axes [0] = arange(rank 1)): reshape(grad,
        [1]), tile by shape(cost) (a Shape op: the batch is unknown); the factor from runtime
        shapes: Prod(Shape) // Maximum(Prod(shape of the scalar mean, a Const), 1), cast, truediv.""")
    t = mean_grad(g, "Mean", XENT + "/Reshape_2", None, fill, True, True)
    g.comment("""array_grad._ReshapeGrad for the cross-entropy wrapper's last Reshape (the kernel's cost
        back to the logits' outer shape): reshape(grad, shape(op.inputs[0])), a Shape op.""")
    r2 = reshape_grad(g, XENT + "/Reshape_2", XENT, t)
    g.comment("""The kernel's backprop output has no gradient; then nn_grad's
        _SoftmaxCrossEntropyWithLogitsGrad, the labels' gradient included.""")
    cd = xent_grad(g, r2)
    g.comment("""array_grad._ReshapeGrad for the wrapper's first Reshape (the logits flattened to 2-D).
        The labels' Reshape_1 is not between the variables and the loss: its gradient (above)
        is never visited.""")
    return reshape_grad(g, XENT + "/Reshape", "add_2", cd)


def dense(g, k, grad, act):
    """Layer k's `matmul + bias`, from add_k back to its input activation."""
    sfx = "" if k == 0 else "_%d" % k
    g.comment("""math_grad._AddGrad for add%s ([?, n] + [n]) and math_grad._MatMulGrad for MatMul%s
        (the reads Variable_*/read pass through array_grad._IdGrad with no node).""" % (sfx, sfx))
    cd = add_grad(g, "add" + sfx, "MatMul" + sfx, "Variable_%d/read" % (2 * k + 1), grad)
    w = "Variable/read" if k == 0 else "Variable_%d/read" % (2 * k)
    return matmul_grad(g, "MatMul" + sfx, act, w, cd[0])[0]


def layer_norm(g, ln, h, grad):
    """contrib layer_norm's batchnorm ops and moments over axis 1 (every shape has the unknown
    batch, so every binary op reduces through BroadcastGradientArgs). The queue: add_1, mul_1,
    sub, beta/read, mul_2, beta, mul (its two gradients: AddN), Rsqrt, gamma/read, add, gamma,
    variance, SquaredDifference, StopGradient, mean, then h (three gradients: AddN)."""
    p = ln + "/batchnorm/"
    m = ln + "/moments/"
    add1 = add_grad(g, p + "add_1", p + "mul_1", p + "sub", grad)
    mul1 = mul_grad(g, p + "mul_1", h, p + "mul", add1[0], False)
    sub = sub_grad(g, p + "sub", ln + "/beta/read", p + "mul_2", add1[1], False)
    mul2 = mul_grad(g, p + "mul_2", m + "mean", p + "mul", sub[1], False)
    addn = g.op("gradients/", "AddN", "AddN", [mul1[1], mul2[1]])
    mul = mul_grad(g, p + "mul", p + "Rsqrt", ln + "/gamma/read", addn, False)
    rs = g.op("gradients/%sRsqrt_grad/" % p, "RsqrtGrad", "RsqrtGrad", [p + "Rsqrt", mul[0]])
    add = add_grad(g, p + "add", m + "variance", p + "add/y", rs)
    var = mean_grad(g, m + "variance", m + "SquaredDifference",
                    m + "variance/reduction_indices", add[0], False, False)
    sq = squared_difference_grad(g, m + "SquaredDifference", h, m + "StopGradient", var)
    mean = mean_grad(g, m + "mean", h, m + "mean/reduction_indices", mul2[0], False, False)
    return g.op("gradients/", "AddN", "AddN", [mul1[0], sq[0], mean])


def batch_norm(g, bn, h, grad):
    """keras BatchNormalization's batchnorm ops ([n] statistics: mul, mul_2, sub have equal fully
    defined shapes), its two conds and moments over axis 0 with keep_dims. The queue: add_1,
    mul_1, sub, beta's ReadVariableOp, mul_2, beta's handle, cond/Merge, mul (AddN),
    cond/Switch_1, Rsqrt, gamma's ReadVariableOp, Squeeze, add, gamma's handle, cond_1/Merge,
    cond_1/Switch_1, Squeeze_1, variance, SquaredDifference, StopGradient, mean, then h
    (AddN)."""
    p = bn + "/batchnorm/"
    m = bn + "/moments/"
    add1 = add_grad(g, p + "add_1", p + "mul_1", p + "sub", grad)
    mul1 = mul_grad(g, p + "mul_1", h, p + "mul", add1[0], False)
    sub = sub_grad(g, p + "sub", p + "ReadVariableOp", p + "mul_2", add1[1], True)
    mul2 = mul_grad(g, p + "mul_2", bn + "/cond/Merge", p + "mul", sub[1], True)
    merge = merge_grad(g, bn + "/cond", mul2[0])
    addn = g.op("gradients/", "AddN", "AddN", [mul1[1], mul2[1]])
    mul = mul_grad(g, p + "mul", p + "Rsqrt", p + "mul/ReadVariableOp", addn, True)
    sw = switch_grad_with_zeros(g, bn + "/cond", m + "Squeeze", merge[1])
    rs = g.op("gradients/%sRsqrt_grad/" % p, "RsqrtGrad", "RsqrtGrad", [p + "Rsqrt", mul[0]])
    sq0 = reshape_grad(g, m + "Squeeze", m + "mean", sw, known=True)
    add = add_scalar_grad(g, p + "add", rs)
    merge1 = merge_grad(g, bn + "/cond_1", add[0])
    sw1 = switch_grad_with_zeros(g, bn + "/cond_1", m + "Squeeze_1", merge1[1])
    sq1 = reshape_grad(g, m + "Squeeze_1", m + "variance", sw1, known=True)
    var = mean_grad(g, m + "variance", m + "SquaredDifference",
                    m + "variance/reduction_indices", sq1, False, True)
    sq = squared_difference_grad(g, m + "SquaredDifference", h, m + "StopGradient", var)
    mean = mean_grad(g, m + "mean", h, m + "mean/reduction_indices", sq0, False, True)
    return g.op("gradients/", "AddN", "AddN", [mul1[0], sq[0], mean])


def derive(variant):
    g = G()
    grad = head(g)
    grad = dense(g, 2, grad, "Tanh_1")
    acts = ["Placeholder", "Tanh"]
    for k in (1, 0):
        t = "Tanh" + ("_1" if k == 1 else "")
        g.comment("math_grad._TanhGrad for %s." % t)
        grad = tanh_grad(g, t, grad)
        h = "add" + ("_1" if k == 1 else "")
        if variant == "layer":
            ln = "LayerNorm" + ("_1" if k == 1 else "")
            g.comment(layer_norm.__doc__)
            grad = layer_norm(g, ln, h, grad)
        elif variant in ("batch", "collected"):
            bn = "batch_normalization" + ("_1" if k == 1 else "")
            g.comment(batch_norm.__doc__)
            grad = batch_norm(g, bn, h, grad)
        grad = dense(g, k, grad, acts[k])
    if variant == "collected":
        # ops.Graph._control_dependencies_for_inputs: cell 4's control_dependencies(UPDATE_OPS)
        # holds the whole of minimize; an op gets the update ops unless an input of it was
        # created inside the block, i.e. unless it reads a gradients/ node.
        out = []
        for line in g.lines:
            if not line.startswith("#"):
                name, op_type, rest = line.split(" ", 2)
                ins = [i for i in rest[1:-1].split(", ") if i]
                if not any(i.startswith("gradients/") for i in ins):
                    ctl = sorted(set(ins[len([i for i in ins if not i.startswith("^")]):]
                                     + ["^" + u for u in UPDATES]))
                    data = [i for i in ins if not i.startswith("^")]
                    line = "%s %s [%s]" % (name, op_type, ", ".join(data + ctl))
            out.append(line)
        g.lines = out
    return "\n".join(g.lines) + "\n"


if __name__ == "__main__":
    v = sys.argv[1] if len(sys.argv) > 1 else "none"
    if v not in ("none", "layer", "batch", "collected"):
        sys.exit("usage: derive_gradients.py none|layer|batch|collected")
    sys.stdout.write(derive(v))
