package hiddenlayer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that starts a JVM of its own: TF 1.15's runtime ({@code --runtime tf1}, {@code
 * Tf115Runtime}) or the command line in a fresh JVM. They run with the others; apart with {@code
 * mvn test -Dgroups=child-jvm}, and the rest alone with {@code mvn test
 * -DexcludedGroups=child-jvm}. On a class, every test of the class (and its {@code @BeforeAll})
 * is one.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(ChildJvm.TAG)
public @interface ChildJvm {
  /** The JUnit tag. */
  String TAG = "child-jvm";
}
