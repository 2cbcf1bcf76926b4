package hiddenlayer.tf115;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why TF 1.15's runtime cannot be used, as data: the kind and what it is about (a path, a
 * launcher, a version), in messages that name no command-line option.
 */
class Tf115ExceptionTest {
  @Test
  void aMissingJarIsMissingWithItsAbsolutePath(@TempDir Path empty) {
    Tf115Exception e = assertThrows(Tf115Exception.class, () -> Tf115Runtime.start(empty));
    assertEquals(Tf115Exception.Kind.MISSING, e.kind());
    Path jar = Path.of(e.subject());
    assertEquals(empty.toAbsolutePath(), jar.getParent());
    assertEquals("TF 1.15.0's runtime is missing (no " + jar + "); build with `mvn package`, "
        + "which fetches org.tensorflow:libtensorflow:1.15.0 and libtensorflow_jni from Maven "
        + "Central", e.getMessage());
  }

  @Test
  void aLauncherThatDoesNotStartIsCannotStartWithTheLauncherAndTheCause() {
    IOException cause = new IOException("error=2, No such file or directory");
    Tf115Exception e = Tf115Exception.cannotStart("/no/java", cause);
    assertEquals(Tf115Exception.Kind.CANNOT_START, e.kind());
    assertEquals("/no/java", e.subject());
    assertSame(cause, e.getCause());
    assertEquals("cannot start /no/java (error=2, No such file or directory)", e.getMessage());
  }

  @Test
  void anotherVersionIsWrongVersionWithTheVersionFound() {
    Tf115Exception e = Tf115Exception.wrongVersion("1.14.0");
    assertEquals(Tf115Exception.Kind.WRONG_VERSION, e.kind());
    assertEquals("1.14.0", e.subject());
    assertEquals("the child runs TF 1.14.0, not 1.15.0", e.getMessage());
  }

  @Test
  void aFailedRequestHasNoSubject() {
    Tf115Exception e = new Tf115Exception("TF 1.15.0, run: no such op");
    assertEquals(Tf115Exception.Kind.FAILED, e.kind());
    assertNull(e.subject());
    assertFalse(e.getMessage().contains("--"));
  }
}
