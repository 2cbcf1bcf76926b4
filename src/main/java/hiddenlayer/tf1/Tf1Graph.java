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
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * TF1's Python {@code ops.Graph} as the code that creates ops sees it ({@code framework/ops.py}),
 * over a TensorFlow Java {@link Graph}: what TF1's front end does around every op it creates
 * ({@code ops.Graph.create_op}). The name comes from the current {@code name_scope} ({@code
 * unique_name}); control inputs from the {@code control_dependencies} stack, skipping a block's
 * inputs when an input of the op was itself created inside that block ({@code
 * _control_dependencies_for_inputs}); {@code _class} from the {@code colocate_with} stack; Python
 * values become {@code Const} ops named after the op's input argument ({@code
 * op_def_library._apply_op_helper}: {@code Maximum/y}, {@code Reshape/shape}); static shapes are
 * those {@code Tensor.set_shape} refines. The functions built on it are {@link ArrayOps}, {@link
 * MathOps} and {@link ControlFlowOps}.
 */
public final class Tf1Graph {
  private final Graph graph;
  private Tf1Scope device;
  private final Tf1Scope noDevice;
  private Tf1Scope scope;
  private final List<Controller> controllers = new ArrayList<>();
  private List<Operation> colocation = new ArrayList<>();
  private final Map<Output<?>, long[]> shapes = new HashMap<>();
  private final Map<Output<?>, DataType> dtypes = new HashMap<>();
  private final Map<Operation, String[]> colocationGroups = new HashMap<>();
  /** {@code BroadcastGradientArgs} of two static shapes, once per pair ({@link ArrayOps}). */
  final Map<String, long[][]> broadcastCache = new HashMap<>();

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
  public Tf1Graph(Graph graph, Tf1Scope root) {
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
          colocationGroups.computeIfAbsent(op, Tf1Graph::colocationGroups))));
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

  /**
   * A {@code Const} holding {@code value} (closed here) that takes the current name scope's own
   * name, as {@code constant(value, name=scope)} does.
   */
  public Output<?> constant(Tensor value) {
    return constantNamed(value, scope.scopeName());
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

  /**
   * {@code tensor.set_shape(shape)}: merges the known dimensions into x's static shape, in the
   * graph too, as TF 1.15's {@code Tensor.set_shape} does ({@code TF_GraphSetTensorShape}), so
   * that ops built later infer from it and the graph's {@code _output_shapes} show it.
   */
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
      setGraphShape(x, shape);
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
    setGraphShape(x, merged);
  }

  private void setGraphShape(Output<?> x, long[] shape) {
    GraphOperation op = (GraphOperation) x.op();
    try (TF_Status status = TF_Status.newStatus();
        TF_Output out = new TF_Output().oper(op.getUnsafeNativeHandle()).index(x.index())) {
      tensorflow.TF_GraphSetTensorShape(NativeGraph.handle(graph), out, shape, shape.length,
          status);
      status.throwExceptionIfNotOK();
    }
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

}
