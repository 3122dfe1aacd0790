/**
 * The client's file transfers: downloads and uploads planned into ranges and run as jobs over a client's or a
 * swarm's connections ({@code Transfers}, {@code DownloadJob}, {@code UploadJob}, {@code TransferPlan}), the checks
 * that leave out files already in place, resumable downloads kept across runs, listings, and the local files an
 * upload reads. Only the client side runs it (a {@code Client}, a {@code Swarm}, the controller's settings).
 */
package dev.swarmnet.internal.client.transfer;
