/**
 * The notebook's data: MNIST as {@code tf.keras.datasets.mnist.load_data()} gives it ({@code
 * keras/datasets/mnist.py}, or the IDX files), and the split numpy's legacy {@code RandomState}
 * draws ({@code numpy/random/mtrand.pyx}).
 */
package hiddenlayer.data;
