package hiddenlayer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.train.StepTensors.Difference;
import hiddenlayer.train.StepTensors.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How two captures compare: a tensor that differs while its inputs are equal is where a kernel
 * gave other bits (an origin); what is computed from it differs without being one.
 */
class StepTensorsTest {
  private static Probe probe(String phase, String output, String hash, String... inputs) {
    return new Probe(phase, output, output.substring(0, output.indexOf(':')), "float32", 4,
        hash, List.of(inputs));
  }

  /** x -> MatMul -> Tanh, and MatMul's output again in the after phase. */
  private static List<Probe> capture(String matMul, String tanh, String after) {
    return List.of(probe("step", "Identity:0", "0000000000000001"),
        probe("step", "MatMul:0", matMul, "Identity:0"),
        probe("step", "Tanh:0", tanh, "MatMul:0"),
        probe("after", "MatMul:0", after));
  }

  @Test
  void aTensorThatDiffersWithEqualInputsIsTheOrigin() {
    List<Difference> d = StepTensors.compare(
        capture("00000000000000aa", "00000000000000bb", "00000000000000cc"),
        capture("00000000000000ab", "00000000000000bc", "00000000000000cc"));
    assertEquals(2, d.size());
    assertEquals("MatMul:0", d.get(0).a().output());
    assertTrue(d.get(0).origin());
    assertEquals("Tanh:0", d.get(1).a().output());
    assertFalse(d.get(1).origin()); // its input differs
  }

  @Test
  void theAfterPhaseHasNoOrigins() {
    List<Difference> d = StepTensors.compare(
        capture("00000000000000aa", "00000000000000bb", "00000000000000cc"),
        capture("00000000000000aa", "00000000000000bb", "00000000000000cd"));
    assertEquals(1, d.size());
    assertEquals("after", d.get(0).a().phase());
    assertFalse(d.get(0).origin());
  }

  @Test
  void capturesOfOtherGraphsAreRefused() {
    List<Probe> a = capture("00000000000000aa", "00000000000000bb", "00000000000000cc");
    assertThrows(IllegalArgumentException.class, () -> StepTensors.compare(a, a.subList(0, 3)));
    List<Probe> renamed = List.of(a.get(0), a.get(1), probe("step", "Relu:0", "0000000000000000"),
        a.get(3));
    assertThrows(IllegalArgumentException.class, () -> StepTensors.compare(a, renamed));
  }

  @Test
  void aLineReadsBackAsItsProbe() {
    Probe p = probe("eval", "MatMul:0", "0123456789abcdef", "Identity:0", "Variable/read:0");
    assertEquals(p, Probe.parse(p.line()));
    Probe noInputs = probe("after", "Variable/read:0", "0123456789abcdef");
    assertEquals(noInputs, Probe.parse(noInputs.line()));
    assertThrows(IllegalArgumentException.class, () -> Probe.parse("step\tMatMul:0"));
    assertThrows(IllegalArgumentException.class,
        () -> Probe.parse("step\tMatMul:0\tMatMul\tfloat32\t4\tnothex\t"));
  }
}
