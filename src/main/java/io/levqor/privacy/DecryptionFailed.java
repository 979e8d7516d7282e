package io.levqor.privacy;

/** A ciphertext could not be opened: wrong workspace, unknown key, tampered bytes or a missing master key. */
public class DecryptionFailed extends RuntimeException {

    public DecryptionFailed(String message) {
        super(message);
    }

    public DecryptionFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
