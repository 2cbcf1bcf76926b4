package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Fill;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * What TF1's Python front end does around every op it creates ({@code ops.Graph.create_op}), for
 * code ported from TF1's Python: the name from the current {@code name_scope} ({@code
 * unique_name}); control inputs from the {@code control_dependencies} stack, skipping a block's
 * inputs when an input of the op was itself created inside that block ({@code
 * _control_dependencies_for_inputs}); {@code _class} from the {@code colocate_with} stack;
 * Python values converted to {@code Const} ops named after the op's input argument ({@code
 * op_def_library._apply_op_helper}: {@code Maximum/y}, {@code Reshape/shape}); static shapes that
 * {@code Tensor.set_shape} refines. On top, the {@code array_ops} and {@code math_ops} functions
 * that TF1's gradient functions call, each building what its Python twin builds.
 */
public final class Tf1Ops {
  private final Graph graph;
  private Tf1Scope device;
  private final Tf1Scope noDevice;
  private Tf1Scope scope;
  private final List<Controller> controllers = new ArrayList<>();
  private List<Operation> colocation = new ArrayList<>();
  private final Map<Output<?>, long[]> shapes = new HashMap<>();
  private final Map<Output<?>, DataType> dtypes = new HashMap<>();
  private final Map<Operation, String[]> colocationGroups = new HashMap<>();
  private final Map<String, long[][]> broadcastCache = new HashMap<>();

  /** A {@code with} block: closing it restores what it changed. */
  public interface Block extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Controller {
    final List<Operation> inputs;
    final Set<String> seen = new HashSet<>();

    Controller(List<Operation> inputs) {
      this.inputs = inputs;
    }
  }

  /** Builds in {@code root}'s graph, naming under {@code root}, placing ops on its device. */
  public Tf1Ops(Graph graph, Tf1Scope root) {
    this.graph = graph;
    this.device = root;
    this.noDevice = root.withDevice(DeviceSpec.newBuilder().build());
    this.scope = root;
  }

  /** The scope the next op is named in. */
  public Tf1Scope scope() {
    return scope;
  }

  /** {@code with ops.name_scope(name)}: claims a unique scope name, e.g. {@code Mean_grad_1}. */
  public Block nameScope(String name) {
    Tf1Scope saved = scope;
    scope = scope.withSubScope(name);
    return () -> scope = saved;
  }

  /** {@code graph.unique_name(name)}: claims a name no op takes ({@code gradients/uid}). */
  public String uniqueName(String name) {
    return scope.makeUnique(name);
  }

  /**
   * {@code with ops.control_dependencies(inputs)}; {@code null} clears the stack for the block
   * (TF1's {@code control_dependencies(None)}). Inputs already in an enclosing block are dropped.
   */
  public Block controlDependencies(List<? extends Operation> inputs) {
    if (inputs == null) {
      List<Controller> saved = new ArrayList<>(controllers);
      controllers.clear();
      return () -> {
        controllers.clear();
        controllers.addAll(saved);
      };
    }
    Set<Operation> current = new HashSet<>();
    controllers.forEach(c -> current.addAll(c.inputs));
    List<Operation> fresh = new ArrayList<>();
    for (Operation op : inputs) {
      if (current.add(op)) {
        fresh.add(op);
      }
    }
    Controller c = new Controller(fresh);
    controllers.add(c);
    return () -> controllers.remove(controllers.size() - 1);
  }

  /**
   * {@code with ops.colocate_with(op, ignore_existing)}: ops created inside get {@code _class}
   * {@code loc:@...} of op's colocation group; {@code op == null} with ignoreExisting clears it.
   */
  public Block colocateWith(Operation op, boolean ignoreExisting) {
    List<Operation> saved = colocation;
    List<Operation> next = ignoreExisting ? new ArrayList<>() : new ArrayList<>(saved);
    if (op != null) {
      next.add(op);
    }
    colocation = next;
    return () -> colocation = saved;
  }

  /** {@code with ops.device(None)}: ops created inside get no device. */
  public Block withoutDevice() {
    Tf1Scope saved = device;
    device = noDevice;
    return () -> device = saved;
  }

  // ---------------------------------------------------------------------------------- op creation

  /** One op to create: {@code op("Maximum").input(x).input("y", 1).build()}. */
  public final class Call {
    private final String type;
    private String name;
    private boolean exact;
    private final List<Object> inputs = new ArrayList<>();
    private final List<java.util.function.Consumer<GraphOperationBuilder>> attrs =
        new ArrayList<>();

    private Call(String type) {
      this.type = type;
      this.name = type;
    }

    /** The op's name in the current scope (made unique); the default is its type. */
    public Call name(String n) {
      name = n;
      return this;
    }

    /** The op takes the current name scope's own name (Python's {@code name=scope}). */
    public Call scopeName() {
      exact = true;
      return this;
    }

    public Call input(Output<?> x) {
      inputs.add(x);
      return this;
    }

    public Call inputList(List<Output<?>> xs) {
      inputs.add(xs.toArray(new Output<?>[0]));
      return this;
    }

    /** A Python value for input {@code arg}: a {@code Const} named {@code OP/arg}. */
    public Call input(String arg, Tensor value) {
      inputs.add(new Object[] {arg, value});
      return this;
    }

    public Call attr(String key, boolean value) {
      attrs.add(b -> b.setAttr(key, value));
      return this;
    }

    public Call attr(String key, DataType value) {
      attrs.add(b -> b.setAttr(key, value));
      return this;
    }

    public GraphOperation build() {
      String opName = exact ? scope.scopeName() : scope.makeUnique(name);
      List<Output<?>> data = new ArrayList<>();
      List<Object> resolved = new ArrayList<>();
      for (Object in : inputs) {
        if (in instanceof Object[] pair && pair.length == 2 && pair[0] instanceof String arg) {
          Tensor value = (Tensor) pair[1];
          // _apply_op_helper converts it inside the op's name scope: unique_name("OP/arg").
          Output<?> c = constantNamed(value, scope.withAbsoluteScope(opName).makeUnique(arg));
          resolved.add(c);
          data.add(c);
        } else {
          resolved.add(in);
          if (in instanceof Output<?> o) {
            data.add(o);
          } else {
            data.addAll(Arrays.asList((Output<?>[]) in));
          }
        }
      }
      GraphOperationBuilder b = graph.opBuilder(type, opName, device);
      for (Object in : resolved) {
        if (in instanceof Output<?> o) {
          b.addInput(o);
        } else {
          b.addInputList((Output<?>[]) in);
        }
      }
      attrs.forEach(a -> a.accept(b));
      return finish(b, opName, data);
    }
  }

  public Call op(String type) {
    return new Call(type);
  }

  private GraphOperation finish(GraphOperationBuilder b, String opName, List<Output<?>> data) {
    Set<Operation> inputOps = new HashSet<>();
    data.forEach(o -> inputOps.add(o.op()));
    Set<Operation> control = new LinkedHashSet<>();
    for (Controller c : controllers) {
      boolean dominated = false;
      for (Operation in : inputOps) {
        if (c.seen.contains(in.name())) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        c.inputs.stream().filter(x -> !inputOps.contains(x)).forEach(control::add);
      }
    }
    control.forEach(b::addControlInput);
    if (!colocation.isEmpty()) {
      TreeSet<String> groups = new TreeSet<>();
      colocation.forEach(op -> groups.addAll(Arrays.asList(
          colocationGroups.computeIfAbsent(op, Tf1Ops::colocationGroups))));
      String[] cls = groups.toArray(new String[0]);
      b.setAttr("_class", cls);
    }
    GraphOperation op = b.build();
    controllers.forEach(c -> c.seen.add(opName));
    return op;
  }

  /** {@code Operation.colocation_groups()}: its {@code _class}, else {@code loc:@name}. */
  private static String[] colocationGroups(Operation op) {
    String[] cls;
    try {
      var list = ((GraphOperation) op).attributes().getAttrValueProto("_class").getList();
      cls = list.getSList().stream().map(s -> s.toStringUtf8())
          .filter(s -> s.startsWith("loc:@")).toArray(String[]::new);
    } catch (RuntimeException e) {
      cls = new String[0];
    }
    return cls.length > 0 ? cls : new String[] {"loc:@" + op.name()};
  }

  /** A {@code Const} holding {@code value} (closed here), named {@code name} in the scope. */
  public Output<?> constant(Tensor value, String name) {
    return constantNamed(value, scope.makeUnique(name));
  }

  /** A {@code Const} named exactly {@code fullName} (a name already claimed). */
  private Output<?> constantNamed(Tensor value, String fullName) {
    try (value) {
      GraphOperationBuilder b = graph.opBuilder("Const", fullName, device);
      b.setAttr("value", value);
      b.setAttr("dtype", value.dataType());
      return finish(b, fullName, List.of()).output(0);
    }
  }

  /** {@code ops} sorted by TF1's creation order ({@code op._id}). */
  public List<Operation> inCreationOrder(Collection<? extends Operation> ops) {
    return scope.creationOrder().sorted(ops);
  }

  // ------------------------------------------------------------------------------ static shapes

  /**
   * {@code tensor._shape_tuple()}: null for unknown rank, -1 for an unknown dimension. The graph's
   * inferred shape is read once per tensor; {@link #setShape} refines it from then on.
   */
  public long[] shapeTuple(Output<?> x) {
    if (shapes.containsKey(x)) {
      return shapes.get(x);
    }
    Shape s = x.shape();
    long[] tuple = s.isUnknown() ? null : s.asArray();
    shapes.put(x, tuple);
    return tuple;
  }

  public static boolean fullyDefined(long[] shape) {
    return shape != null && Arrays.stream(shape).allMatch(d -> d >= 0);
  }

  /** {@code tensor.set_shape(shape)}: merges the known dimensions into x's static shape. */
  public void setShape(Output<?> x, long[] shape) {
    if (shape == null) {
      return;
    }
    long[] own = shapeTuple(x);
    if (own != null && Arrays.equals(own, shape)) {
      return;
    }
    if (own == null) {
      shapes.put(x, shape.clone());
      return;
    }
    if (own.length != shape.length) {
      throw new IllegalStateException("shape " + Arrays.toString(shape) + " incompatible with "
          + x.name() + " " + Arrays.toString(own));
    }
    long[] merged = own.clone();
    for (int i = 0; i < merged.length; i++) {
      if (merged[i] < 0) {
        merged[i] = shape[i];
      } else if (shape[i] >= 0 && shape[i] != merged[i]) {
        throw new IllegalStateException("shape " + Arrays.toString(shape)
            + " incompatible with " + x.name() + " " + Arrays.toString(own));
      }
    }
    shapes.put(x, merged);
  }

  /** TF's {@code kDataTypeRefOffset}: a ref dtype is its base dtype's number plus 100. */
  private static final int REF_OFFSET = 100;

  /** {@code tensor.dtype}, read from the graph once per tensor. */
  public DataType dtype(Output<?> x) {
    return dtypes.computeIfAbsent(x, Output::dataType);
  }

  /** Whether x is a ref tensor ({@code dtype._is_ref_dtype}), as a ref variable's output is. */
  public boolean isRef(Output<?> x) {
    return isRef(dtype(x));
  }

  /** The dtype without its ref-ness ({@code dtype.base_dtype}). */
  public DataType baseType(Output<?> x) {
    return baseType(dtype(x));
  }

  /** {@code dtype._is_ref_dtype}. */
  public static boolean isRef(DataType t) {
    return t.getNumber() > REF_OFFSET;
  }

  /** {@code dtype.base_dtype}. */
  public static DataType baseType(DataType t) {
    return isRef(t) ? DataType.forNumber(t.getNumber() - REF_OFFSET) : t;
  }

  /**
   * {@code zeros_initializer()} / {@code ones_initializer()} of a float32 variable whose ops are
   * named in {@code variableScope}: {@code array_ops.zeros} / {@code ones} in the scope {@code
   * Initializer/zeros} or {@code Initializer/ones} ({@code value} 0 or 1). Below 1000 elements one
   * Const taking the scope's name ({@code _constant_if_small}), else {@code shape_as_tensor},
   * {@code Const} and the Fill that takes it.
   */
  public static Operand<TFloat32> initializer(Tf1Scope variableScope, Shape shape, float value) {
    if (value != 0f && value != 1f) {
      throw new IllegalArgumentException("no initializer op for " + value);
    }
    Tf1Scope s = variableScope.withSubScope("Initializer")
        .withSubScope(value == 0f ? "zeros" : "ones");
    long size = shape.size();
    if (size < 1000) {
      float[] values = new float[(int) size];
      Arrays.fill(values, value);
      return Constant.tensorOf(s.exact(), shape, DataBuffers.of(values, true, false));
    }
    int[] dims = new int[shape.numDimensions()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = (int) shape.get(i);
    }
    return Fill.create(s.exact(), Constant.vectorOf(s.withName("shape_as_tensor"), dims),
        Constant.scalarOf(s.withName("Const"), value));
  }

  // ------------------------------------------------------------------------- array_ops, math_ops

  /** numpy's {@code arange(n)}: 0, 1, ..., n - 1. */
  public static long[] arange(int n) {
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  public static Tensor ints(long... values) {
    int[] v = new int[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) values[i];
    }
    return v.length == 0 ? TInt32.tensorOf(Shape.of(0)) : TInt32.vectorOf(v);
  }

  public static Tensor scalar(DataType dtype, double value) {
    return switch (dtype) {
      case DT_FLOAT -> TFloat32.scalarOf((float) value);
      case DT_DOUBLE -> TFloat64.scalarOf(value);
      case DT_INT32 -> TInt32.scalarOf((int) value);
      default -> throw new IllegalArgumentException("no scalar of " + dtype);
    };
  }

  /** {@code array_ops.shape(x)}: a Const when x's shape is fully defined, else a Shape op. */
  public Output<?> shape(Output<?> x) {
    return shapeInternal(x, true);
  }

  /** {@code array_ops.shape_internal(x, optimize)}. */
  public Output<?> shapeInternal(Output<?> x, boolean optimize) {
    long[] s = shapeTuple(x);
    if (optimize && fullyDefined(s)) {
      try (Block b = nameScope("Shape")) {
        return constantNamed(ints(s), scope.scopeName());
      }
    }
    return op("Shape").input(x).build().output(0);
  }

  /** {@code array_ops.size(x)} (optimize): a Const when x's shape is fully defined. */
  public Output<?> size(Output<?> x) {
    long[] s = shapeTuple(x);
    if (fullyDefined(s)) {
      try (Block b = nameScope("Size")) {
        return constantNamed(
            TInt32.scalarOf((int) Shape.of(s).size()), scope.scopeName());
      }
    }
    return op("Size").input(x).build().output(0);
  }

  public Output<?> identity(Output<?> x, String name) {
    return op("Identity").name(name).input(x).build().output(0);
  }

  /** {@code array_ops.fill(dims, value)} with a Python value: {@code Fill/value}. */
  public Output<?> fill(Output<?> dims, Tensor value) {
    return op("Fill").input(dims).input("value", value).build().output(0);
  }

  /** {@code array_ops.fill(dims, value)} with a tensor value. */
  public Output<?> fill(Output<?> dims, Output<?> value) {
    return op("Fill").input(dims).input(value).build().output(0);
  }

  /**
   * {@code array_ops.zeros(shape_tensor, dtype)}: scope {@code zeros}, {@code zeros/Const}, then
   * the Fill that takes the scope's name.
   */
  public Output<?> zeros(Output<?> shape, DataType dtype) {
    try (Block b = nameScope("zeros")) {
      Output<?> zero = constant(scalar(dtype, 0), "Const");
      return op("Fill").scopeName().input(shape).input(zero).build().output(0);
    }
  }

  /** {@code array_ops.zeros_like(x, optimize=False)}: one ZerosLike named {@code zeros_like}. */
  public Output<?> zerosLike(Output<?> x) {
    try (Block b = nameScope("zeros_like")) {
      return op("ZerosLike").scopeName().input(x).build().output(0);
    }
  }

  /** {@code array_ops.reshape(x, shape)}. */
  public Output<?> reshape(Output<?> x, Output<?> shape) {
    return op("Reshape").input(x).input(shape).build().output(0);
  }

  /** {@code array_ops.reshape(x, [..])} with a Python list: {@code Reshape/shape}. */
  public Output<?> reshape(Output<?> x, long... shape) {
    return op("Reshape").input(x).input("shape", ints(shape)).build().output(0);
  }

  /** {@code array_ops.expand_dims(x, axis)} with a Python int: {@code ExpandDims/dim}. */
  public Output<?> expandDims(Output<?> x, int axis) {
    return op("ExpandDims").input(x).input("dim", TInt32.scalarOf(axis)).build().output(0);
  }

  public Output<?> tile(Output<?> x, Output<?> multiples) {
    return op("Tile").input(x).input(multiples).build().output(0);
  }

  /** {@code math_ops.reduce_sum(x, axes)} with a tensor of axes, keepdims False. */
  public Output<?> reduceSum(Output<?> x, Output<?> axes) {
    return op("Sum").input(x).input(axes).attr("keep_dims", false).build().output(0);
  }

  /** {@code math_ops.reduce_sum(x, axes)} with Python axes: {@code Sum/reduction_indices}. */
  public Output<?> reduceSum(Output<?> x, long... axes) {
    return op("Sum").input(x).input("reduction_indices", ints(axes)).attr("keep_dims", false)
        .build().output(0);
  }

  /**
   * {@code math_ops.reduce_prod(x)} over all axes: {@code _ReductionDims} makes {@code Const}
   * {@code arange(rank)} first, then {@code Prod}.
   */
  public Output<?> reduceProd(Output<?> x) {
    Output<?> dims = constant(ints(arange(shapeTuple(x).length)), "Const");
    return op("Prod").input(x).input(dims).attr("keep_dims", false).build().output(0);
  }

  /** {@code math_ops.maximum(x, y)} with a Python y: {@code Maximum/y}. */
  public Output<?> maximum(Output<?> x, int y) {
    return op("Maximum").input(x).input("y", TInt32.scalarOf(y)).build().output(0);
  }

  /** Python's {@code x // y} on tensors: FloorDiv named {@code floordiv}. */
  public Output<?> floordiv(Output<?> x, Output<?> y) {
    return op("FloorDiv").name("floordiv").input(x).input(y).build().output(0);
  }

  /** Python's {@code x % y} on tensors: FloorMod named {@code mod}. */
  public Output<?> mod(Output<?> x, Output<?> y) {
    return op("FloorMod").name("mod").input(x).input(y).build().output(0);
  }

  /** Python's {@code x + y} on tensors in TF 1.15: AddV2 named {@code add}. */
  public Output<?> add(Output<?> x, Output<?> y) {
    return op("AddV2").name("add").input(x).input(y).build().output(0);
  }

  /** Python's {@code x - y} on tensors: Sub named {@code sub}. */
  public Output<?> sub(Output<?> x, Output<?> y) {
    return op("Sub").name("sub").input(x).input(y).build().output(0);
  }

  /** Python's {@code x * y} on tensors: Mul named {@code mul}. */
  public Output<?> mul(Output<?> x, Output<?> y) {
    return op("Mul").name("mul").input(x).input(y).build().output(0);
  }

  /** {@code gen_math_ops.mul(x, y)}: Mul named {@code Mul}. */
  public Output<?> genMul(Output<?> x, Output<?> y) {
    return op("Mul").input(x).input(y).build().output(0);
  }

  /** Python's {@code -x}: Neg named {@code Neg}. */
  public Output<?> neg(Output<?> x) {
    return op("Neg").input(x).build().output(0);
  }

  /** {@code math_ops.truediv(x, y)} of floats: RealDiv named {@code truediv}. */
  public Output<?> truediv(Output<?> x, Output<?> y) {
    return op("RealDiv").name("truediv").input(x).input(y).build().output(0);
  }

  /** {@code math_ops.cast(x, dtype)}: x itself when it already has that dtype. */
  public Output<?> cast(Output<?> x, DataType dtype) {
    if (baseType(x) == dtype) {
      return x;
    }
    return op("Cast").input(x).attr("DstT", dtype).build().output(0);
  }

  /** {@code math_ops.range(limit)}: {@code range/start}, {@code range/delta}, then Range. */
  public Output<?> range(Output<?> limit) {
    try (Block b = nameScope("range")) {
      Output<?> start = constant(TInt32.scalarOf(0), "start");
      Output<?> delta = constant(TInt32.scalarOf(1), "delta");
      return op("Range").scopeName().input(start).input(limit).input(delta).build().output(0);
    }
  }

  public Output<?> dynamicStitch(List<Output<?>> indices, List<Output<?>> data) {
    return op("DynamicStitch").inputList(indices).inputList(data).build().output(0);
  }

  /** {@code math_ops.add_n(inputs)} of several tensors: AddN named {@code AddN}. */
  public Output<?> addN(List<Output<?>> inputs) {
    if (inputs.size() == 1) {
      return inputs.get(0);
    }
    return op("AddN").inputList(inputs).build().output(0);
  }

  /** {@code gen_array_ops.broadcast_gradient_args(sx, sy)} of shape tensors: (r0, r1). */
  public Output<?>[] broadcastGradientArgs(Output<?> sx, Output<?> sy) {
    GraphOperation op = op("BroadcastGradientArgs").input(sx).input(sy).build();
    return new Output<?>[] {op.output(0), op.output(1)};
  }

  /**
   * {@code math_grad.SmartBroadcastGradientArgs}' cached path for two fully defined shapes: the
   * first time a pair of shapes is seen in the graph, {@code BroadcastGradientArgs} of Consts
   * {@code s0}, {@code s1} is built (and never run: TF1 constant-folds it with {@code
   * TF_TryEvaluateConstant}); the reduction indices are computed here.
   */
  public long[][] broadcastGradientArgs(long[] sx, long[] sy) {
    String key = Arrays.toString(sx) + Arrays.toString(sy);
    long[][] cached = broadcastCache.get(key);
    if (cached != null) {
      return cached;
    }
    op("BroadcastGradientArgs").input("s0", ints(sx)).input("s1", ints(sy)).build();
    long[][] r = reductionIndices(sx, sy);
    broadcastCache.put(key, r);
    return r;
  }

  /** TF's {@code BCast} gradient reduction indices of two fully defined shapes. */
  public static long[][] reductionIndices(long[] sx, long[] sy) {
    int n = Math.max(sx.length, sy.length);
    List<Long> rx = new ArrayList<>();
    List<Long> ry = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long x = i - (n - sx.length) >= 0 ? sx[i - (n - sx.length)] : 1;
      long y = i - (n - sy.length) >= 0 ? sy[i - (n - sy.length)] : 1;
      if (x == 1 && y == 1) {
        rx.add((long) i);
        ry.add((long) i);
      } else if (x == 1) {
        rx.add((long) i);
      } else if (y == 1) {
        ry.add((long) i);
      } else if (x != y) {
        throw new IllegalArgumentException(
            "incompatible shapes " + Arrays.toString(sx) + " " + Arrays.toString(sy));
      }
    }
    return new long[][] {rx.stream().mapToLong(Long::longValue).toArray(),
        ry.stream().mapToLong(Long::longValue).toArray()};
  }

  /** {@code control_flow_ops.switch(data, pred)}: a Switch named {@code name} (refs too). */
  public GraphOperation switchOp(Output<?> data, Output<?> pred, String name) {
    return op("Switch").name(name).input(data).input(pred).build();
  }

  /**
   * {@code control_flow_ops._SwitchRefOrTensor(data, pred, name)}: a RefSwitch for a ref, else a
   * Switch, colocated with data.
   */
  public GraphOperation switchRefOrTensor(Output<?> data, Output<?> pred, String name) {
    String type = isRef(data) ? "RefSwitch" : "Switch";
    try (Block c = colocateWith(data.op(), true)) {
      return op(type).name(name).input(data).input(pred).build();
    }
  }

  /** {@code control_flow_ops.merge(inputs)}: a Merge named {@code name}. */
  public GraphOperation merge(List<Output<?>> inputs, String name) {
    return op("Merge").name(name).inputList(inputs).build();
  }

}
