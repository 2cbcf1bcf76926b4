package hiddenlayer.tf1.savedmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code saved_model_cli show --all} ({@code tensorflow/python/tools/saved_model_cli.py},
 * {@code _show_all}, {@code _show_inputs_outputs}, {@code _print_tensor_info}), line for line:
 * each tag-set (sorted, as Python sorts lists of strings; printed in stored order), each of its
 * meta graph's signatures sorted by key, their inputs and outputs sorted by key with dtype,
 * shape and tensor name, and the method name.
 *
 * <p>Python looks a tag-set's meta graph up again by the set of its tags ({@code
 * saved_model_utils.get_meta_graph_def}), so two meta graphs with the same tags both list the
 * first one's signatures; so does this. What {@code _show_defined_functions} adds for a TF2
 * SavedModel (one with an {@code object_graph_def}) needs TF2's Python loader and is not printed.
 */
public final class SavedModelListing {
  private SavedModelListing() {}

  /** What {@code saved_model_cli show --dir DIR --all} prints for {@code model}. */
  public static String showAll(SavedModel model) {
    List<List<String>> tagSets = new ArrayList<>();
    for (MetaGraphDef g : model.getMetaGraphsList()) {
      tagSets.add(g.getMetaInfoDef().getTagsList());
    }
    tagSets.sort(SavedModelListing::compareLists);
    StringBuilder out = new StringBuilder();
    for (List<String> tags : tagSets) {
      out.append("\nMetaGraphDef with tag-set: '").append(String.join(", ", tags))
          .append("' contains the following SignatureDefs:\n");
      MetaGraphDef graph = metaGraph(model, tags);
      for (Map.Entry<String, SignatureDef> s : sorted(graph.getSignatureDefMap()).entrySet()) {
        out.append("\nsignature_def['").append(s.getKey()).append("']:\n");
        inputsOutputs(out, s.getValue());
      }
    }
    return out.toString();
  }

  /** {@code _show_inputs_outputs(..., indent=1)}. */
  private static void inputsOutputs(StringBuilder out, SignatureDef sig) {
    out.append("  The given SavedModel SignatureDef contains the following input(s):\n");
    for (Map.Entry<String, TensorInfo> e : sorted(sig.getInputsMap()).entrySet()) {
      out.append("    inputs['").append(e.getKey()).append("'] tensor_info:\n");
      tensorInfo(out, e.getValue());
    }
    out.append("  The given SavedModel SignatureDef contains the following output(s):\n");
    for (Map.Entry<String, TensorInfo> e : sorted(sig.getOutputsMap()).entrySet()) {
      out.append("    outputs['").append(e.getKey()).append("'] tensor_info:\n");
      tensorInfo(out, e.getValue());
    }
    out.append("  Method name is: ").append(sig.getMethodName()).append('\n');
  }

  /** {@code _print_tensor_info(tensor_info, indent=2)}. */
  private static void tensorInfo(StringBuilder out, TensorInfo info) {
    out.append("        dtype: ").append(dtypeName(info.getDtypeValue())).append('\n');
    out.append("        shape: ").append(shape(info.getTensorShape())).append('\n');
    out.append("        name: ").append(info.getName()).append('\n');
  }

  /** The {@code types_pb2.DataType} name of a dtype, e.g. {@code DT_FLOAT}. */
  static String dtypeName(int value) {
    DataType t = DataType.forNumber(value);
    return t == null ? String.valueOf(value) : t.name();
  }

  /** {@code unknown_rank}, or the sizes as {@code (-1, 784)}; a scalar is {@code ()}. */
  static String shape(TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      return "unknown_rank";
    }
    List<String> dims = new ArrayList<>();
    shape.getDimList().forEach(d -> dims.add(Long.toString(d.getSize())));
    return "(" + String.join(", ", dims) + ")";
  }

  /** The first meta graph whose tags are, as a set, {@code tags}. */
  private static MetaGraphDef metaGraph(SavedModel model, List<String> tags) {
    HashSet<String> wanted = new HashSet<>(tags);
    return model.getMetaGraphsList().stream()
        .filter(g -> new HashSet<>(g.getMetaInfoDef().getTagsList()).equals(wanted))
        .findFirst().orElseThrow();
  }

  /** Python's order of str: by code point. */
  private static final Comparator<String> CODE_POINTS = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  };

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    Map<String, V> m = new TreeMap<>(CODE_POINTS);
    m.putAll(map);
    return m;
  }

  /** Python's order of lists of str: element by element, a prefix first. */
  private static int compareLists(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = CODE_POINTS.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
