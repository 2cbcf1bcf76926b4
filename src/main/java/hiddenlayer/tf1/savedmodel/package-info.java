/**
 * TF1 SavedModels ({@code tensorflow/python/saved_model}): the builder that writes one ({@code
 * builder_impl.py}, {@code signature_def_utils_impl.py}) and the listing {@code saved_model_cli
 * show --all} prints of one ({@code tensorflow/python/tools/saved_model_cli.py}, {@code
 * saved_model_utils.py}).
 */
package hiddenlayer.tf1.savedmodel;
