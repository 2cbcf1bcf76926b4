package hiddenlayer.tf1.savedmodel;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code tf.saved_model.signature_def_utils} ({@code saved_model/signature_def_utils_impl.py})
 * and {@code utils_impl.build_tensor_info}.
 */
public final class SignatureDefs {
  /** {@code signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY}. */
  public static final String DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default";
  /** {@code signature_constants.PREDICT_METHOD_NAME}. */
  public static final String PREDICT_METHOD_NAME = "tensorflow/serving/predict";

  private SignatureDefs() {}

  /**
   * {@code build_tensor_info(tensor)}: its name ({@code op:index}), dtype and static shape
   * ({@code tensor.get_shape().as_proto()}: {@code -1} for an unknown dimension, {@code
   * unknown_rank} for an unknown rank).
   */
  public static TensorInfo tensorInfo(Operand<?> tensor) {
    org.tensorflow.Output<?> out = tensor.asOutput();
    return TensorInfo.newBuilder()
        .setName(out.op().name() + ":" + out.index())
        .setDtype(out.dataType())
        .setTensorShape(shape(out.shape()))
        .build();
  }

  /** {@code TensorShape.as_proto()}. */
  static TensorShapeProto shape(Shape shape) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    if (shape.isUnknown()) {
      return b.setUnknownRank(true).build();
    }
    for (long d : shape.asArray()) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return b.build();
  }

  /**
   * {@code predict_signature_def(inputs, outputs)}: {@code build_signature_def} of their tensor
   * infos with method {@code tensorflow/serving/predict}; neither may be empty (Python raises
   * {@code ValueError}).
   */
  public static SignatureDef predict(Map<String, ? extends Operand<?>> inputs,
      Map<String, ? extends Operand<?>> outputs) {
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("Prediction inputs and outputs cannot be empty");
    }
    SignatureDef.Builder b = SignatureDef.newBuilder().setMethodName(PREDICT_METHOD_NAME);
    inputs.forEach((k, v) -> b.putInputs(k, tensorInfo(v)));
    outputs.forEach((k, v) -> b.putOutputs(k, tensorInfo(v)));
    return b.build();
  }
}
