package hiddenlayer.tf1.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * {@code tf.placeholder_with_default(False, shape=[], name='flag')} put in place of {@code
 * tf.placeholder(tf.bool, name='flag')}: TensorFlow itself runs the edited graph.
 */
class PlaceholderDefaultTest {
  @Test
  void anUnfedFlagIsItsDefaultAndAFedOneItsValue() {
    GraphDef def;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var flag = tf.withName("flag").placeholder(TBool.class);
      tf.withName("not").math.logicalNot(flag);
      def = g.toGraphDef();
    }
    GraphDef edited = PlaceholderDefault.withDefault(def, "flag", false);
    NodeDef flag = edited.getNodeList().stream().filter(n -> n.getName().equals("flag"))
        .findFirst().orElseThrow();
    assertEquals("PlaceholderWithDefault", flag.getOp());
    assertEquals(List.of("flag/input"), flag.getInputList());
    try (Graph g = new Graph(); Session s = new Session(g)) {
      g.importGraphDef(edited);
      try (Result r = s.runner().fetch("not").run()) {
        assertEquals(true, ((TBool) r.get(0)).getBoolean()); // not False
      }
      try (TBool yes = TBool.scalarOf(true);
          Result r = s.runner().feed("flag", yes).fetch("not").run()) {
        assertEquals(false, ((TBool) r.get(0)).getBoolean());
      }
    }
  }

  @Test
  void onlyABooleanPlaceholderIsEdited() {
    GraphDef def;
    try (Graph g = new Graph()) {
      Ops.create(g).withName("x").placeholder(TFloat32.class);
      def = g.toGraphDef();
    }
    assertThrows(IllegalArgumentException.class,
        () -> PlaceholderDefault.withDefault(def, "x", false));
    assertThrows(IllegalArgumentException.class,
        () -> PlaceholderDefault.withDefault(def, "missing", false));
  }
}
