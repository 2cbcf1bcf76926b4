/**
 * The notebook's graph, cells 1 to 4, built from {@code hiddenlayer.tf1}'s parts: its layers as
 * the notebook calls them ({@code tf.keras.layers.BatchNormalization}, keras {@code
 * layers/normalization.py}; {@code tf.contrib.layers.layer_norm}, contrib {@code
 * layers/python/layers/layers.py}), and the graph's listing and export ({@code
 * framework/graph_io.py} {@code write_graph}).
 */
package hiddenlayer.graph;
