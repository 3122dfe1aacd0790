/**
 * What the gateway keeps and does for the file frames beyond the connection's handler: striped uploads and their
 * pieces kept across connections and restarts ({@code StripedUploads}, {@code UploadPiece}, {@code KeptUploads}),
 * a connection's small uploads stored on helper threads ({@code UploadStores}), uploaded folders
 * ({@code FolderReceiver}) and the checksums FILE_SUM asks for ({@code FileSummer}). Only the gateway runs it;
 * {@code internal.gateway.FileService} drives it.
 */
package dev.swarmnet.internal.gateway.files;
