package hiddenlayer.tf1;

import hiddenlayer.UserException;

/**
 * A MetaGraphDef whose collections do not read back as TF1's {@code import_meta_graph} reads
 * them: a {@code VariableDef} that does not parse, a collection of another kind, a name that is
 * no node of the graph ({@code Graph.as_graph_element}'s {@code KeyError}).
 */
public final class MetaGraphException extends UserException {
  public MetaGraphException(String message) {
    super(message);
  }

  public MetaGraphException(String message, Throwable cause) {
    super(message, cause);
  }
}
