package hiddenlayer.tf1;

import org.tensorflow.Operand;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.math.Add;
import org.tensorflow.op.math.Mul;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** TF 1.15's {@code ops/random_ops.py}: the random initial values of these graphs. */
public final class RandomOps {
  private RandomOps() {}

  /**
   * {@code tf.random.truncated_normal(shape, mean, stddev)} under graph seed {@code graphSeed}:
   * in the scope {@code truncated_normal}, Consts {@code shape}, {@code mean}, {@code stddev},
   * then the seeds ({@link RandomSeed#getSeed}), {@code TruncatedNormal}, {@code mul} and the
   * add that takes the scope's name.
   */
  public static Operand<TFloat32> truncatedNormal(Tf1Scope parent, int[] shape, float mean,
      float stddev, long graphSeed) {
    Tf1Scope s = parent.withSubScope("truncated_normal");
    Operand<TInt32> shapeTensor = Constant.vectorOf(s.withName("shape"), shape);
    Operand<TFloat32> meanTensor = Constant.scalarOf(s.withName("mean"), mean);
    Operand<TFloat32> stddevTensor = Constant.scalarOf(s.withName("stddev"), stddev);
    long[] seeds = RandomSeed.getSeed(s, graphSeed);
    Operand<TFloat32> rnd = TruncatedNormal.create(s.withName("TruncatedNormal"), shapeTensor,
        TFloat32.class, TruncatedNormal.seed(seeds[0]), TruncatedNormal.seed2(seeds[1]));
    Operand<TFloat32> mul = Mul.create(s.withName("mul"), rnd, stddevTensor);
    return Add.create(s.exact(), mul, meanTensor);
  }
}
