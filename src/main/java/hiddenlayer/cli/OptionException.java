package hiddenlayer.cli;

import hiddenlayer.UserException;

/**
 * A lower layer's error about what one option named, worded with the option:
 * {@code --tensorboard DIR: cannot write (...)}.
 */
final class OptionException extends UserException {
  OptionException(String option, UserException cause) {
    super(option + " " + cause.getMessage(), cause);
  }
}
