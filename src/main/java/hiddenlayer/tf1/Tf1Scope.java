package hiddenlayer.tf1;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.DeviceSpec;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.OpScope;
import org.tensorflow.op.Scope;

/**
 * A TensorFlow Java {@link Scope} that names ops exactly as TF1's Python graph does.
 *
 * <p>TF1 keeps one graph-wide, case-insensitive table of used names ({@code
 * ops.Graph.unique_name}): {@code name_scope("cond")} claims {@code cond}, the next one {@code
 * cond_1}, and an op inside gets {@code cond/Switch}. The last op of many TF1 functions takes the
 * scope's own name ({@code truncated_normal}, {@code Variable}'s ops live under {@code
 * Variable/}); TensorFlow Java's own scopes cannot express that, this one can ({@link #exact}).
 * Devices, control dependencies and the init scope are delegated to an {@link OpScope}.
 */
public final class Tf1Scope implements Scope {
  private final Names names;
  private final String prefix;
  private final String opName;
  private final boolean exact;
  private final Scope delegate;
  private final CondContext context;

  private Tf1Scope(Names names, String prefix, String opName, boolean exact, Scope delegate,
      CondContext context) {
    this.names = names;
    this.prefix = prefix;
    this.opName = opName;
    this.exact = exact;
    this.delegate = delegate;
    this.context = context;
  }

  /** The root scope of a fresh graph. */
  public static Tf1Scope root(Graph graph) {
    return new Tf1Scope(new Names(graph), "", null, false, new OpScope(graph), null);
  }

  /** TF1's {@code with tf.name_scope(name)}: claims a unique scope name, e.g. {@code cond_1}. */
  @Override
  public Tf1Scope withSubScope(String name) {
    String scopeName = names.unique(prefix + name);
    return new Tf1Scope(names, scopeName + "/", null, false, delegate, context);
  }

  /**
   * TF1's {@code name_scope("a/b/")}: re-enters an existing scope without claiming a name, as the
   * name scope of an op already created ({@code _apply_op_helper} names an op after its scope, so
   * a {@code Switch} a cond adds for its input is named {@code OP/Switch}).
   */
  public Tf1Scope withAbsoluteScope(String scopeName) {
    return new Tf1Scope(names, scopeName.isEmpty() ? "" : scopeName + "/", null, false, delegate,
        context);
  }

  /** The next op is named {@code name} inside this scope, made unique as TF1 would. */
  @Override
  public Tf1Scope withName(String name) {
    return new Tf1Scope(names, prefix, name, false, delegate, context);
  }

  /**
   * The next op takes this scope's own name, as TF1 ops created with {@code name=scope} do (the
   * {@code Add} that ends {@code truncated_normal}, the {@code AssignSub} named {@code
   * AssignMovingAvg}).
   */
  public Tf1Scope exact() {
    return new Tf1Scope(names, prefix, scopeName(), true, delegate, context);
  }

  /** This scope's name, {@code cond_1} for the ops named {@code cond_1/...}. */
  public String scopeName() {
    return prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
  }

  @Override
  public Tf1Scope withNameAsSubScope(String defaultName) {
    return withSubScope(opName != null ? opName : defaultName);
  }

  @Override
  public Tf1Scope withDevice(DeviceSpec device) {
    return new Tf1Scope(names, prefix, opName, exact, delegate.withDevice(device), context);
  }

  @Override
  public Tf1Scope withInitScope() {
    return new Tf1Scope(names, prefix, opName, exact, delegate.withInitScope(), context);
  }

  @Override
  public Tf1Scope withControlDependencyOps(Iterable<Operation> controls) {
    return new Tf1Scope(names, prefix, opName, exact, delegate.withControlDependencyOps(controls),
        context);
  }

  /**
   * Ops named through the returned scope belong to {@code ctx}, as ops built while TF1's {@code
   * CondContext} is entered do.
   */
  public Tf1Scope withCondContext(CondContext ctx) {
    return new Tf1Scope(names, prefix, opName, exact, delegate, ctx);
  }

  /** The creation order of the graph's ops ({@code op._id}), shared by every scope of the graph. */
  public CreationOrder creationOrder() {
    return names.creationOrder;
  }

  /** The graph's collections ({@code graph.get_collection}), shared by every scope of the graph. */
  public GraphCollections collections() {
    return names.collections;
  }

  /** The cond context the op {@code opName} was built in, or null outside any cond. */
  public CondContext condContext(String opName) {
    return names.contexts.get(opName);
  }

  @Override
  public String makeOpName(String defaultName) {
    String name = exact ? opName : names.unique(prefix + (opName != null ? opName : defaultName));
    if (context != null) {
      names.contexts.put(name, context);
    }
    return name;
  }

  @Override
  public String makeUnique(String id) {
    return names.unique(prefix + id);
  }

  @Override
  public void refreshNames() {}

  @Override
  public ExecutionEnvironment env() {
    return delegate.env();
  }

  @Override
  public OperationBuilder apply(OperationBuilder builder) {
    return delegate.apply(builder);
  }

  @Override
  public String getDeviceString() {
    return delegate.getDeviceString();
  }

  @Override
  public boolean isInit() {
    return delegate.isInit();
  }

  /** TF1's {@code ops.Graph.unique_name}, mark_as_used = True. */
  static final class Names {
    private final Map<String, Integer> inUse = new HashMap<>();
    private final Map<String, CondContext> contexts = new HashMap<>();
    private final CreationOrder creationOrder;
    private final GraphCollections collections = new GraphCollections();

    Names(Graph graph) {
      this.creationOrder = new CreationOrder(graph);
    }

    String unique(String name) {
      String key = name.toLowerCase(Locale.ROOT);
      int i = inUse.getOrDefault(key, 0);
      inUse.put(key, i + 1);
      if (i == 0) {
        return name;
      }
      String base = key;
      while (inUse.containsKey(key)) {
        key = base + "_" + i;
        i++;
      }
      inUse.put(key, 1);
      return name + "_" + (i - 1);
    }
  }
}
