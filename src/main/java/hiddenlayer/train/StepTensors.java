package hiddenlayer.train;

import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.Tf1Variable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Every float tensor of one train step and of one eval forward pass of the notebook's graph, from
 * its initial weights, each as a hash of its bytes: to find which kernels give other bits under
 * another thread count, instruction set or kernel library ({@code bench --tensors}). Three
 * phases, each fetched in {@code session.run}s of a few tensors:
 *
 * <ul>
 *   <li>{@code step}: every float32/float64 output the train op depends on (forward pass, loss,
 *       gradients), with {@code training = True} on the train part, nothing updated (the Adam and
 *       moving-average updates and whatever waits for them are left out, so each run reads the
 *       initial weights; where the gradients wait for batch norm's collected updates, the step
 *       holds the forward pass only);
 *   <li>{@code eval}: every float output {@code loss} and {@code accuracy} depend on, with {@code
 *       training = False} on the test part;
 *   <li>{@code after}: every global variable after one real {@code session.run(train_op)} (the
 *       step as the loop runs it, with Grappler's rewrites of the whole step).
 * </ul>
 *
 * <p>A fetched tensor is kept from Grappler's fusions (TF keeps fetched nodes), so {@code step}
 * and {@code eval} show each op's own kernel; {@code after} shows the fused step's result. A
 * producer not fetched in the same run may be rewritten there, so a consumer's inputs need not be
 * the bits its producer's run gave; the step by value ({@code stepValues}) is fetched in one run.
 */
public final class StepTensors {
  private StepTensors() {}

  /** Outputs fetched per {@code session.run}: bounds the memory of a fetch. */
  static final int CHUNK = 24;

  /**
   * One tensor: its phase, {@code name:index}, op type, dtype, number of elements, the first 16
   * hex digits of the sha256 of its bytes, and the float tensors it is computed from ({@code
   * name:index}).
   */
  public record Probe(String phase, String output, String opType, String dtype, long elements,
      String hash, List<String> inputs) {
    public Probe {
      inputs = List.copyOf(inputs);
    }

    /** A tab-separated line: phase, output, op type, dtype, elements, hash, inputs. */
    public String line() {
      return String.join("\t", phase, output, opType, dtype, Long.toString(elements), hash,
          String.join(",", inputs));
    }

    /** The inverse of {@link #line()}. */
    public static Probe parse(String line) {
      String[] f = line.split("\t", -1);
      if (f.length != 7 || !f[4].matches("[0-9]{1,18}") || !f[5].matches("[0-9a-f]{16}")) {
        throw new IllegalArgumentException("not a tensor line: " + line);
      }
      return new Probe(f[0], f[1], f[2], f[3], Long.parseLong(f[4]), f[5],
          f[6].isEmpty() ? List.of() : Arrays.asList(f[6].split(",")));
    }
  }

  /** The probes of {@code config}'s graph, fed {@code data}, in the graph's (topological) order. */
  public static List<Probe> capture(TrainConfig config, NotebookSplit data) {
    return capture(config, data, null);
  }

  /** One tensor of the step phase by value ({@code bench --tensors-values}). */
  public record Value(String output, String opType, TrainSession.RawTensor tensor) {}

  /**
   * {@link #capture(TrainConfig, NotebookSplit)}, and when {@code stepValues} is not null, every
   * tensor of the {@code step} phase by value, in the same order, added to it (fetched again in
   * the same session, all in one {@code session.run}, before the step that updates the
   * variables).
   */
  public static List<Probe> capture(TrainConfig config, NotebookSplit data,
      List<Value> stepValues) {
    return onInitialized(config, data, opened -> {
      TrainSession session = opened.session();
      NotebookGraph g = opened.graph();
      Map<String, GraphOperation> ops = opened.ops();
      GraphDef def = opened.def();
      Set<String> updated = updatedOrAfter(def);
      List<Probe> probes = new ArrayList<>();
      probes.addAll(phase("step", session, TrainSession.Part.TRAIN, true, def, ops, updated,
          List.of(g.trainOp().op().name())));
      if (stepValues != null) {
        Selection step = select(true, def, ops, updated, List.of(g.trainOp().op().name()));
        // One run: each value is what its consumers got in that run. In runs of a few fetches
        // Grappler may fuse a producer not fetched in that run into another kernel (MatMul and
        // the bias add into _FusedMatMul), so a consumer's inputs there need not be the bits its
        // producer's own run gave.
        List<TrainSession.RawTensor> values = session.fetchFed(TrainSession.Part.TRAIN, true,
            Map.of(), step.outputs());
        for (int i = 0; i < values.size(); i++) {
          stepValues.add(new Value(step.outputs().get(i), step.types().get(i), values.get(i)));
        }
      }
      probes.addAll(phase("eval", session, TrainSession.Part.TEST, false, def, ops, updated,
          List.of(g.loss().op().name(), g.accuracy().op().name())));
      session.trainStep();
      List<String> variables = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (Tf1Variable v : g.globalVariables()) {
        variables.add(name(v.read()));
        types.add(v.read().op().type());
      }
      probes.addAll(fetch("after", session, TrainSession.Part.TRAIN, false, variables, types,
          ops, Map.of()));
      return probes;
    });
  }

  /** An initialised session of the notebook's graph, and that graph by name. */
  record Opened(TrainSession session, NotebookGraph graph, Map<String, GraphOperation> ops,
      GraphDef def) {}

  /**
   * {@code config}'s graph in a session of its runtime fed {@code data}, its variables
   * initialised; {@code work} runs on it, then the session (and the graph it owns) is closed.
   */
  static <T> T onInitialized(TrainConfig config, NotebookSplit data, Function<Opened, T> work) {
    NotebookGraph[] built = new NotebookGraph[1]; // owned by the session
    try (TrainSession session = Trainer.open(config, () -> data, new Trainer.Listener() {
      @Override
      public void onGraph(NotebookGraph graph) {
        built[0] = graph;
      }
    })) {
      session.initialize();
      NotebookGraph g = built[0];
      Map<String, GraphOperation> ops = new HashMap<>();
      g.graph().operations().forEachRemaining(o -> ops.put(o.name(), (GraphOperation) o));
      return work.apply(new Opened(session, g, ops, g.graph().toGraphDef()));
    }
  }

  private static List<Probe> phase(String phase, TrainSession session, TrainSession.Part part,
      boolean training, GraphDef def, Map<String, GraphOperation> ops, Set<String> updated,
      List<String> roots) {
    Selection s = select(training, def, ops, updated, roots);
    return fetch(phase, session, part, training, s.outputs(), s.types(), ops, s.inputs());
  }

  /**
   * The float outputs a phase fetches, in the graph's order, with each one's op type and float
   * inputs ({@code name:index}).
   */
  record Selection(List<String> outputs, List<String> types,
      Map<String, List<String>> inputs) {}

  static Selection select(boolean training, GraphDef def,
      Map<String, GraphOperation> ops, Set<String> updated, List<String> roots) {
    Set<String> needed = closure(def, roots);
    Set<String> dead = untaken(def, training);
    Map<String, NodeDef> byName = new HashMap<>();
    def.getNodeList().forEach(n -> byName.put(n.getName(), n));
    List<String> outputs = new ArrayList<>();
    List<String> types = new ArrayList<>();
    Map<String, List<String>> inputs = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      if (!needed.contains(n.getName()) || updated.contains(n.getName())
          || dead.contains(n.getName()) // in the branch of a tf.cond not taken: no value
          || n.getOp().equals("Placeholder") // fed: TF refuses to fetch it
          || n.getOp().equals("Switch")) { // forwards its input, one output dead
        continue;
      }
      GraphOperation op = ops.get(n.getName());
      for (int i = 0; i < op.numOutputs(); i++) {
        if (isFloat(op.output(i).dataType())) {
          String out = n.getName() + ":" + i;
          outputs.add(out);
          types.add(n.getOp());
          inputs.put(out, floatInputs(n, ops, byName));
        }
      }
    }
    return new Selection(outputs, types, inputs);
  }

  private static List<Probe> fetch(String phase, TrainSession session, TrainSession.Part part,
      boolean training, List<String> outputs, List<String> types, Map<String, GraphOperation> ops,
      Map<String, List<String>> inputs) {
    List<Probe> probes = new ArrayList<>();
    for (int from = 0; from < outputs.size(); from += CHUNK) {
      List<String> chunk = outputs.subList(from, Math.min(outputs.size(), from + CHUNK));
      List<byte[]> values = session.fetchBytes(part, training, chunk);
      for (int i = 0; i < chunk.size(); i++) {
        String out = chunk.get(i);
        int colon = out.lastIndexOf(':');
        GraphOperation op = ops.get(out.substring(0, colon));
        org.tensorflow.Output<?> o = op.output(Integer.parseInt(out.substring(colon + 1)));
        int bytesPer = o.dataType() == DataType.DT_DOUBLE ? 8 : 4;
        probes.add(new Probe(phase, out, types.get(from + i),
            o.dataType() == DataType.DT_DOUBLE ? "float64" : "float32",
            values.get(i).length / bytesPer,
            sha256(values.get(i)), inputs.getOrDefault(out, List.of())));
      }
    }
    return probes;
  }

  static boolean isFloat(DataType t) {
    return t == DataType.DT_FLOAT || t == DataType.DT_DOUBLE;
  }

  /**
   * {@code n}'s data inputs of a float dtype, as {@code name:index}; through a {@code Switch}
   * (not fetched: it forwards its input) to the tensor it forwards.
   */
  private static List<String> floatInputs(NodeDef n, Map<String, GraphOperation> ops,
      Map<String, NodeDef> byName) {
    List<String> in = new ArrayList<>();
    for (String s : n.getInputList()) {
      if (s.startsWith("^")) {
        continue;
      }
      int colon = s.lastIndexOf(':');
      String op = colon < 0 ? s : s.substring(0, colon);
      int index = colon < 0 ? 0 : Integer.parseInt(s.substring(colon + 1));
      GraphOperation producer = ops.get(op);
      if (producer == null || !isFloat(producer.output(index).dataType())) {
        continue;
      }
      NodeDef p = byName.get(op);
      if (p != null && p.getOp().equals("Switch")) {
        in.addAll(floatInputs(p.toBuilder().clearInput().addInput(p.getInput(0)).build(), ops,
            byName));
      } else {
        in.add(op + ":" + index);
      }
    }
    return in;
  }

  /** Every node {@code roots} depend on, through data and control inputs. */
  private static Set<String> closure(GraphDef def, List<String> roots) {
    Map<String, NodeDef> byName = new HashMap<>();
    def.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      NodeDef n = byName.get(todo.pop());
      if (n == null || !seen.add(n.getName())) {
        continue;
      }
      for (String in : n.getInputList()) {
        todo.add(nodeName(in));
      }
    }
    return seen;
  }

  /**
   * The nodes that write a variable (Assign*, Apply*, AssignVariableOp, ...) and every node that
   * depends on one, through data or control inputs: fetching one would update the variables.
   */
  static Set<String> updatedOrAfter(GraphDef def) {
    Set<String> out = new HashSet<>();
    // GraphDef order is topological here: each node is created after its inputs.
    for (NodeDef n : def.getNodeList()) {
      String t = n.getOp();
      boolean writes = t.startsWith("Assign") || t.startsWith("Apply")
          || t.startsWith("ResourceApply") || t.startsWith("Scatter")
          || t.startsWith("ResourceScatter");
      if (writes || n.getInputList().stream().anyMatch(in -> out.contains(nodeName(in)))) {
        out.add(n.getName());
      }
    }
    return out;
  }

  /**
   * The nodes of the {@code tf.cond} branches not taken when {@code training} is fed (every
   * {@code Switch} of the notebook's graph is on it, keras' {@code smart_cond}): those fed by the
   * other {@code Switch} output, data or control, up to a {@code Merge} with a live input.
   */
  private static Set<String> untaken(GraphDef def, boolean training) {
    String deadOutput = training ? ":0" : ":1"; // Switch: output_false, output_true
    Set<String> switches = new HashSet<>();
    Set<String> dead = new HashSet<>();
    for (NodeDef n : def.getNodeList()) {
      if (n.getOp().equals("Switch")) {
        switches.add(n.getName());
      }
    }
    for (NodeDef n : def.getNodeList()) {
      List<Boolean> deadInputs = new ArrayList<>();
      for (String in : n.getInputList()) {
        String node = nodeName(in);
        String s = in.startsWith("^") ? in.substring(1) : in;
        boolean fromDeadSwitch = switches.contains(node) && !in.startsWith("^")
            && (s.contains(":") ? s.substring(s.indexOf(':')) : ":0").equals(deadOutput);
        deadInputs.add(fromDeadSwitch || dead.contains(node));
      }
      boolean isDead = n.getOp().equals("Merge")
          ? !deadInputs.isEmpty() && deadInputs.stream().allMatch(d -> d)
          : deadInputs.stream().anyMatch(d -> d);
      if (isDead) {
        dead.add(n.getName());
      }
    }
    return dead;
  }

  private static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  private static String name(Operand<?> o) {
    return o.asOutput().op().name() + ":" + o.asOutput().index();
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How two captures of the same graph differ. */
  public record Difference(Probe a, Probe b, boolean origin) {}

  /**
   * The probes whose bytes differ between {@code a} and {@code b} (the same graph, captured
   * under two settings), in order; {@code origin} when every float input is equal, i.e. the
   * op's own kernel gave other bits (never for {@code after}, whose tensors have no inputs).
   *
   * @throws IllegalArgumentException if the two list other tensors
   */
  public static List<Difference> compare(List<Probe> a, List<Probe> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("the captures list " + a.size() + " and " + b.size()
          + " tensors: not the same graph");
    }
    List<Difference> out = new ArrayList<>();
    Map<String, Boolean> differs = new HashMap<>();
    for (int i = 0; i < a.size(); i++) {
      Probe p = a.get(i);
      Probe q = b.get(i);
      if (!p.phase().equals(q.phase()) || !p.output().equals(q.output())) {
        throw new IllegalArgumentException("tensor " + (i + 1) + " is " + p.phase() + " "
            + p.output() + " in one and " + q.phase() + " " + q.output()
            + " in the other: not the same graph");
      }
      boolean d = !p.hash().equals(q.hash());
      differs.put(p.phase() + " " + p.output(), d);
      if (d) {
        boolean origin = !p.phase().equals("after") && p.inputs().stream()
            .noneMatch(in -> differs.getOrDefault(p.phase() + " " + in, false));
        out.add(new Difference(p, q, origin));
      }
    }
    return out;
  }

  /** The bytes of a capture as lines ({@link Probe#line()}), UTF-8. */
  public static byte[] text(List<Probe> probes) {
    StringBuilder s = new StringBuilder();
    probes.forEach(p -> s.append(p.line()).append('\n'));
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }
}
