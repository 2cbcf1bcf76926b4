package hiddenlayer.graph;

import hiddenlayer.UserException;

/** A node listing file that cannot be read or is not in {@code graph}'s listing format. */
public final class ListingException extends UserException {
  public ListingException(String message) {
    super(message);
  }

  public ListingException(String message, Throwable cause) {
    super(message, cause);
  }
}
