package hiddenlayer.train;

import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.NotebookGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Each op of the {@code step} phase of {@link StepTensors} run alone on given inputs ({@code bench
 * --tensors-replay}): its float inputs fed with the values another process captured ({@code
 * session.run(op_outputs, feed_dict={input: value, ...})}, as TF1's {@code feed_dict} feeds any
 * tensor), its outputs compared bit for bit with that process's. Equal inputs in, so a difference
 * is the op's own kernel under this process's settings (threads, instruction set, kernel
 * library, runtime). The split's placeholders are fed as in the step; non-float inputs (shapes,
 * indices, the {@code training} flag) are computed, they are exact. On TF 2.18 in this JVM or on
 * TF 1.15's runtime in its child JVM (fed values handed over by reference).
 */
public final class StepReplay {
  private StepReplay() {}

  /** How a node's outputs compare with the captured ones. */
  public enum Status { EQUAL, DIFFERS, SKIPPED }

  /**
   * One node of the step: its op type, its float outputs, how they compare, how many elements
   * differ of how many, and why it was skipped (else empty).
   */
  public record Replayed(String node, String opType, List<String> outputs, Status status,
      long differing, long elements, String reason) {
    public Replayed {
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * Replays every node of {@code config}'s step on {@code captured} (the step's tensors by name,
   * from {@link StepTensors#capture(TrainConfig, NotebookSplit, List)}).
   *
   * @throws IllegalArgumentException if {@code captured} is not the step of this graph
   */
  public static List<Replayed> replay(TrainConfig config, NotebookSplit data,
      Map<String, TrainSession.RawTensor> captured) {
    return StepTensors.onInitialized(config, data, opened -> {
      TrainSession session = opened.session();
      NotebookGraph g = opened.graph();
      Map<String, GraphOperation> ops = opened.ops();
      GraphDef def = opened.def();
      StepTensors.Selection step = StepTensors.select(true, def, ops,
          StepTensors.updatedOrAfter(def), List.of(g.trainOp().op().name()));
      if (!Set.copyOf(step.outputs()).equals(captured.keySet())) {
        throw new IllegalArgumentException("it holds " + captured.size()
            + " tensors, the step of this graph has " + step.outputs().size()
            + (step.outputs().size() == captured.size() ? " of other names" : "")
            + ": not the same graph");
      }
      Map<String, NodeDef> byName = new HashMap<>();
      def.getNodeList().forEach(n -> byName.put(n.getName(), n));
      Map<String, List<String>> outputsOf = new LinkedHashMap<>();
      for (String out : step.outputs()) {
        outputsOf.computeIfAbsent(out.substring(0, out.lastIndexOf(':')), k -> new ArrayList<>())
            .add(out);
      }
      List<Replayed> replayed = new ArrayList<>();
      outputsOf.forEach((node, outputs) -> replayed.add(one(session, byName.get(node), outputs,
          step.inputs(), ops, byName, captured)));
      return replayed;
    });
  }

  /**
   * Ops that only reshape or forward their input: Grappler may wire a consumer past one (TF 1.15's
   * arithmetic optimizer does, for a reshape to the same shape, even when its output is fed), so
   * their inputs are fed too.
   */
  private static final Set<String> FORWARDING = Set.of("Reshape", "Identity", "Squeeze",
      "ExpandDims", "StopGradient");

  private static Replayed one(TrainSession session, NodeDef n, List<String> outputs,
      Map<String, List<String>> inputsOf, Map<String, GraphOperation> ops,
      Map<String, NodeDef> byName, Map<String, TrainSession.RawTensor> captured) {
    List<String> floatInputs = inputsOf.get(outputs.get(0));
    String type = n.getOp();
    if (type.equals("Merge")) {
      return skipped(n, outputs, "Merge: forwards whichever branch of a tf.cond ran");
    }
    for (String in : n.getInputList()) {
      if (in.startsWith("^")) {
        continue;
      }
      int colon = in.lastIndexOf(':');
      String producer = colon < 0 ? in : in.substring(0, colon);
      int index = colon < 0 ? 0 : Integer.parseInt(in.substring(colon + 1));
      DataType t = ops.get(producer).output(index).dataType();
      if (t == DataType.DT_RESOURCE || t.getNumber() > 100) { // DT_*_REF = DT_* + 100
        return skipped(n, outputs, "reads a variable (input " + in + " is a "
            + (t == DataType.DT_RESOURCE ? "resource" : "ref") + ")");
      }
    }
    Map<String, TrainSession.RawTensor> feeds = new LinkedHashMap<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(floatInputs);
    while (!todo.isEmpty()) {
      String in = todo.pop();
      if (feeds.containsKey(in)) {
        continue;
      }
      if (captured.containsKey(in)) {
        feeds.put(in, captured.get(in));
        if (FORWARDING.contains(byName.get(in.substring(0, in.lastIndexOf(':'))).getOp())) {
          todo.addAll(inputsOf.getOrDefault(in, List.of()));
        }
      } else if (floatInputs.contains(in) && !byName.get(in.substring(0, in.lastIndexOf(':')))
          .getOp().equals("Placeholder")) {
        return skipped(n, outputs, "input " + in + " not captured");
      }
    }
    List<TrainSession.RawTensor> got;
    try {
      got = session.fetchFed(TrainSession.Part.TRAIN, true, feeds, outputs);
    } catch (TensorFlowException | hiddenlayer.tf115.Tf115Exception e) {
      return skipped(n, outputs, "TensorFlow refused to run it fed: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    long differing = 0;
    long elements = 0;
    for (int i = 0; i < outputs.size(); i++) {
      TrainSession.RawTensor a = captured.get(outputs.get(i));
      TrainSession.RawTensor b = got.get(i);
      int width = a.float64() ? 8 : 4;
      elements += a.bytes().length / width;
      if (a.float64() != b.float64() || a.bytes().length != b.bytes().length) {
        differing += a.bytes().length / width;
        continue;
      }
      differing += differingElements(a.bytes(), b.bytes(), width);
    }
    return new Replayed(n.getName(), type, outputs,
        differing == 0 ? Status.EQUAL : Status.DIFFERS, differing, elements, "");
  }

  private static long differingElements(byte[] a, byte[] b, int width) {
    long n = 0;
    for (int i = 0; i < a.length; i += width) {
      if (!java.util.Arrays.equals(a, i, i + width, b, i, i + width)) {
        n++;
      }
    }
    return n;
  }

  private static Replayed skipped(NodeDef n, List<String> outputs, String reason) {
    return new Replayed(n.getName(), n.getOp(), outputs, Status.SKIPPED, 0, 0, reason);
  }
}
