/**
 * The bridge to TF 1.15.0's own runtime ({@code org.tensorflow:libtensorflow:1.15.0}), which runs in
 * a child JVM because its Java classes share TF Java 1.1.0's names. The parent's side: the child
 * process and its natives, and a GraphDef made importable by TF 1.15 (TF's C++ {@code
 * RemoveNewDefaultAttrsFromGraphDef}, {@code core/framework/graph_def_util.h}), with TF 1.15's
 * OpDefs for this project's op types bundled for when no child runs. The child's side is
 * {@code hiddenlayer.tf115.server}; both speak {@code hiddenlayer.tf115.wire}.
 */
package hiddenlayer.tf115;
