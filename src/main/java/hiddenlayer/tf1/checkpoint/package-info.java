/**
 * TF1 checkpoints: {@code tf.train.Saver} ({@code training/saver.py}), the {@code checkpoint}
 * state file ({@code training/checkpoint_management.py}), and the V2 bundle format read without a
 * session ({@code core/util/tensor_bundle/tensor_bundle.cc}, {@code core/lib/io/table.cc}); and
 * two things TF 1.15 does not do: one saving run per prefix ({@code CheckpointLock}), and the
 * removal of what a killed save left ({@code SaveLeftovers}).
 */
package hiddenlayer.tf1.checkpoint;
