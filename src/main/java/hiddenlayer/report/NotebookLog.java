package hiddenlayer.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A saved Jupyter notebook (nbformat 4) whose cells still hold their outputs: the stdout
 * {@code stream} outputs of its code cells are read as a {@link TextLog}. Other output types
 * (stderr, {@code execute_result}, images, errors) are skipped.
 */
public final class NotebookLog {
  private static final Pattern GSON_LOCATION =
      Pattern.compile("^(.*?)\\s*at line (\\d+) column (\\d+)(?: path \\S*)?\\s*$");

  private NotebookLog() {}

  /**
   * Reads the stdout of every code cell, in cell order.
   *
   * @throws CompareException if the file is not valid JSON, not nbformat 4, or has no rows
   */
  public static RunLog read(Path file) {
    JsonObject notebook = parseJson(file, LogFiles.readText(file));
    checkFormat(file, notebook);
    List<String> lines = new ArrayList<>();
    List<String> where = new ArrayList<>();
    JsonArray cells = notebook.getAsJsonArray("cells");
    for (int c = 0; c < cells.size(); c++) {
      JsonObject cell = object(file, cells.get(c), "cell " + (c + 1));
      if (!"code".equals(string(cell, "cell_type"))) {
        continue;
      }
      String label = file + ", cell " + (c + 1) + executionCount(cell) + ", stdout line ";
      List<String> cellLines = stdout(file, cell, c).lines().toList();
      for (int k = 0; k < cellLines.size(); k++) {
        lines.add(cellLines.get(k));
        where.add(label + (k + 1));
      }
    }
    return TextLog.parse(lines, where::get, file.toString());
  }

  private static JsonObject parseJson(Path file, String text) {
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setStrictness(Strictness.STRICT);
      JsonElement root = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new CompareException(file + ": malformed JSON (data after the top-level value)");
      }
      if (!root.isJsonObject()) {
        throw new CompareException(file + ": not a Jupyter notebook (top level is not an object)");
      }
      return root.getAsJsonObject();
    } catch (JsonParseException | IOException e) {
      throw new CompareException(malformed(file, e), e);
    }
  }

  /** "file:line:column: malformed JSON (what)", from gson's message when it names a place. */
  private static String malformed(Path file, Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("").strip();
    Matcher m = GSON_LOCATION.matcher(message);
    if (m.matches()) {
      return file + ":" + m.group(2) + ":" + m.group(3) + ": malformed JSON (" + m.group(1) + ")";
    }
    return file + ": malformed JSON (" + message + ")";
  }

  private static void checkFormat(Path file, JsonObject notebook) {
    JsonElement format = notebook.get("nbformat");
    if (format == null || !format.isJsonPrimitive() || !format.getAsJsonPrimitive().isNumber()) {
      throw new CompareException(file + ": not a Jupyter notebook (no \"nbformat\" number)");
    }
    if (format.getAsDouble() != 4) {
      throw new CompareException(
          file + ": nbformat " + format.getAsString() + " is not supported, expected nbformat 4");
    }
    JsonElement cells = notebook.get("cells");
    if (cells == null || !cells.isJsonArray()) {
      throw new CompareException(file + ": not an nbformat 4 notebook (no \"cells\" list)");
    }
  }

  private static String stdout(Path file, JsonObject cell, int c) {
    JsonElement outputs = cell.get("outputs");
    if (outputs == null || !outputs.isJsonArray()) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    JsonArray list = outputs.getAsJsonArray();
    for (int o = 0; o < list.size(); o++) {
      String what = "cell " + (c + 1) + " output " + (o + 1);
      JsonObject output = object(file, list.get(o), what);
      if ("stream".equals(string(output, "output_type")) && "stdout".equals(string(output, "name"))) {
        appendMultiline(file, output.get("text"), what, text);
      }
    }
    return text.toString();
  }

  /** nbformat's "multiline string": one string, or a list of strings to concatenate. */
  private static void appendMultiline(Path file, JsonElement text, String what, StringBuilder to) {
    if (text != null && text.isJsonPrimitive() && text.getAsJsonPrimitive().isString()) {
      to.append(text.getAsString());
      return;
    }
    if (text != null && text.isJsonArray()) {
      for (JsonElement part : text.getAsJsonArray()) {
        if (!part.isJsonPrimitive() || !part.getAsJsonPrimitive().isString()) {
          throw invalid(file, what, "\"text\" list holds a non-string");
        }
        to.append(part.getAsString());
      }
      return;
    }
    throw invalid(file, what, "\"text\" is neither a string nor a list of strings");
  }

  private static String executionCount(JsonObject cell) {
    JsonElement count = cell.get("execution_count");
    return count != null && count.isJsonPrimitive() ? " (In [" + count.getAsString() + "])" : "";
  }

  private static JsonObject object(Path file, JsonElement element, String what) {
    if (!element.isJsonObject()) {
      throw invalid(file, what, "is not an object");
    }
    return element.getAsJsonObject();
  }

  private static String string(JsonObject object, String key) {
    JsonElement value = object.get(key);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static CompareException invalid(Path file, String what, String problem) {
    return new CompareException(file + ": not a valid nbformat 4 notebook: " + what + " " + problem);
  }
}
