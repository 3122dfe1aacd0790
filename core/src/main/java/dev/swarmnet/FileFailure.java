package dev.swarmnet;

/**
 * A file that did not transfer, and why.
 *
 * @param path the file's path as the transfer named it (relative destination path)
 * @param reason what went wrong, in words
 */
public record FileFailure(String path, String reason) {
}
