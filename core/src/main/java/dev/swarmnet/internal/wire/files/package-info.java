/**
 * The codec of the file frames (FILE_*, section 10 of docs/PROTOCOL.md): how each frame's body is laid out,
 * encoded and decoded, with the limits a decoder enforces. Both sides run it, the gateway and the client; it holds
 * no state and reads no files. Frame layout lives here and in {@code internal.wire}, nowhere else.
 */
package dev.swarmnet.internal.wire.files;
