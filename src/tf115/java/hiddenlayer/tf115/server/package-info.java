/**
 * The child JVM's side of the TF 1.15 bridge, compiled against TF 1.15.0's Java API alone: a
 * {@code tf.Session} ({@code client/session.py}) over an imported GraphDef ({@code
 * framework/importer.py}), served over {@code hiddenlayer.tf115.wire}.
 */
package hiddenlayer.tf115.server;
