package hiddenlayer.graph;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * The graph in a file TF1 wrote: a GraphDef ({@code tf.train.write_graph}), a MetaGraphDef
 * ({@code Saver.save}, {@code tf.train.export_meta_graph}) or a SavedModel (its directory or its
 * {@code saved_model.pb[txt]}), each in binary or protobuf text.
 *
 * <p>The content decides the kind, not the name: TF1 itself writes text MetaGraphDefs named
 * {@code .pb} and GraphDefs under any name, so a name is only a hint. A text file is parsed with
 * protobuf's {@link TextFormat}, which rejects a field the message does not have, so at most one
 * kind reads it; a binary file is read as each kind and kept as the one that leaves no field
 * unknown anywhere (a field number or wire type another kind has does not fit this one).
 */
public final class GraphFiles {
  /** The kinds of file, in the order they are tried. */
  public enum Kind {
    SAVED_MODEL("SavedModel", SavedModel::newBuilder),
    META_GRAPH_DEF("MetaGraphDef", MetaGraphDef::newBuilder),
    GRAPH_DEF("GraphDef", GraphDef::newBuilder);

    private final String title;
    private final Supplier<Message.Builder> builder;

    Kind(String title, Supplier<Message.Builder> builder) {
      this.title = title;
      this.builder = builder;
    }

    @Override
    public String toString() {
      return title;
    }
  }

  /**
   * A graph read from a file: what the file held, whether as text, its GraphDef, and its
   * MetaGraphDef (the file's, or the SavedModel's meta graph; null for a GraphDef).
   */
  public record Read(Kind kind, boolean text, GraphDef graph, MetaGraphDef metaGraph) {}

  /** The tag of the SavedModel meta graph {@code graph} reads ({@code tf.saved_model.SERVING}). */
  public static final String SERVE = "serve";

  private static final List<String> SAVED_MODEL_FILES = List.of("saved_model.pb",
      "saved_model.pbtxt");

  private GraphFiles() {}

  /** The graph in {@code file} (a file or a SavedModel directory). */
  public static Read read(Path file) {
    return probe(file).orElseThrow(() -> new GraphFileException(file
        + ": not a GraphDef, MetaGraphDef or SavedModel (as protobuf text it does not parse)"));
  }

  /**
   * The graph in {@code file}, or empty when it is UTF-8 text that is no protobuf text of a
   * GraphDef, MetaGraphDef or SavedModel (which, to {@code graph --diff}, is a node listing).
   */
  public static Optional<Read> probe(Path file) {
    Path source = file;
    if (Files.isDirectory(file)) {
      source = SAVED_MODEL_FILES.stream().map(file::resolve).filter(Files::isRegularFile)
          .findFirst().orElseThrow(() -> new GraphFileException(file
              + ": a directory without saved_model.pb or saved_model.pbtxt"));
    }
    byte[] bytes = bytes(source);
    Optional<String> text = utf8(bytes);
    if (bytes.length == 0 || text.isPresent() && text.get().isBlank()) {
      throw new GraphFileException(source + ": empty file");
    }
    Read read;
    if (text.isPresent()) {
      read = parseText(text.get(), source);
      if (read == null) {
        read = parseBinary(bytes, source);
        if (read == null) {
          return Optional.empty();
        }
      }
    } else {
      read = parseBinary(bytes, source);
      if (read == null) {
        throw new GraphFileException(source + ": not a GraphDef, MetaGraphDef or SavedModel "
            + "(truncated or not a protocol buffer)");
      }
    }
    return Optional.of(read);
  }

  private static Read parseText(String text, Path source) {
    for (Kind kind : Kind.values()) {
      Message.Builder b = kind.builder.get();
      try {
        TextFormat.getParser().merge(text, b);
      } catch (TextFormat.ParseException e) {
        continue;
      }
      Message m = b.build();
      return new Read(kind, true, graphOf(kind, m, source), metaGraphOf(kind, m, source));
    }
    return null;
  }

  private static Read parseBinary(byte[] bytes, Path source) {
    for (Kind kind : Kind.values()) {
      Message m;
      try {
        m = kind.builder.get().mergeFrom(bytes).build();
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        continue;
      }
      if (fits(m) && holdsGraph(kind, m)) {
        return new Read(kind, false, graphOf(kind, m, source), metaGraphOf(kind, m, source));
      }
    }
    return null;
  }

  /**
   * Whether a binary read holds what its kind is for: a SavedModel a meta graph, the others a
   * node. Without it a few bytes of text could read as, say, a MetaGraphDef of one asset file.
   */
  private static boolean holdsGraph(Kind kind, Message m) {
    return switch (kind) {
      case GRAPH_DEF -> ((GraphDef) m).getNodeCount() > 0;
      case META_GRAPH_DEF -> ((MetaGraphDef) m).getGraphDef().getNodeCount() > 0;
      case SAVED_MODEL -> ((SavedModel) m).getMetaGraphsCount() > 0;
    };
  }

  /** Whether every field of {@code m}, nested ones too, is one its message type declares. */
  private static boolean fits(Message m) {
    if (!m.getUnknownFields().asMap().isEmpty()) {
      return false;
    }
    for (Map.Entry<com.google.protobuf.Descriptors.FieldDescriptor, Object> f
        : m.getAllFields().entrySet()) {
      Object v = f.getValue();
      if (v instanceof Message sub && !fits(sub)) {
        return false;
      }
      if (v instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Message sub && !fits(sub)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * The MetaGraphDef in {@code file}: a MetaGraphDef ({@code Saver.save}'s {@code .meta}, {@code
   * tf.train.export_meta_graph}'s) or a SavedModel's meta graph, as {@link #read} finds them.
   *
   * @throws GraphFileException for a file that holds none (a GraphDef has no collections and no
   *     saver_def)
   */
  public static MetaGraphDef readMetaGraph(Path file) {
    Read read = read(file);
    if (read.metaGraph() == null) {
      throw new GraphFileException(file + ": a " + read.kind() + ", not a MetaGraphDef (it has no"
          + " variables collection, train op or saver_def; tf.train.export_meta_graph writes"
          + " one)");
    }
    return read.metaGraph();
  }

  private static MetaGraphDef metaGraphOf(Kind kind, Message m, Path source) {
    return switch (kind) {
      case GRAPH_DEF -> null;
      case META_GRAPH_DEF -> (MetaGraphDef) m;
      case SAVED_MODEL -> serving((SavedModel) m, source);
    };
  }

  private static GraphDef graphOf(Kind kind, Message m, Path source) {
    return switch (kind) {
      case GRAPH_DEF -> (GraphDef) m;
      case META_GRAPH_DEF -> ((MetaGraphDef) m).getGraphDef();
      case SAVED_MODEL -> serving((SavedModel) m, source).getGraphDef();
    };
  }

  private static MetaGraphDef serving(SavedModel model, Path source) {
    List<MetaGraphDef> serve = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    for (MetaGraphDef g : model.getMetaGraphsList()) {
      List<String> t = g.getMetaInfoDef().getTagsList();
      tags.add(t.toString());
      if (t.contains(SERVE)) {
        serve.add(g);
      }
    }
    if (serve.size() == 1) {
      return serve.get(0);
    }
    if (serve.isEmpty() && model.getMetaGraphsCount() == 1) {
      return model.getMetaGraphs(0);
    }
    throw new GraphFileException(source + (model.getMetaGraphsCount() == 0
        ? ": a SavedModel with no meta graph"
        : ": a SavedModel with " + model.getMetaGraphsCount() + " meta graphs, " + serve.size()
            + " of them tagged '" + SERVE + "' (tags " + String.join(", ", tags) + ")"));
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return s.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(s);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new GraphFileException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new GraphFileException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new GraphFileException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }
}
