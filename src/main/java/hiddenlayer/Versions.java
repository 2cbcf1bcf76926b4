package hiddenlayer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The project's and TensorFlow's versions, as Maven wrote them at build time. */
public final class Versions {
  private static final Properties PROPERTIES = load();

  private Versions() {}

  public static String project() {
    return PROPERTIES.getProperty("project.version", "unknown");
  }

  public static String tensorflowJava() {
    return PROPERTIES.getProperty("tensorflow.version", "unknown");
  }

  public static String nativeClassifier() {
    return PROPERTIES.getProperty("tensorflow.native.classifier", "unknown");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/hiddenlayer/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** picocli's {@code --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "hidden-layer-stabilization " + project(),
        "TensorFlow Java " + tensorflowJava() + " (natives " + nativeClassifier() + ")"
      };
    }
  }
}
