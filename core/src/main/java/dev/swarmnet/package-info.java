/**
 * swarmnet: programs on different machines call each other's functions, stream data out of them and move
 * files, over one or many persistent TCP connections.
 *
 * <p>A {@link dev.swarmnet.Gateway} listens on a port and holds named subroutines — {@link
 * dev.swarmnet.BatchSubroutine} (returns bytes), {@link dev.swarmnet.SendSubroutine} (receives a buffer,
 * returns an int) and {@link dev.swarmnet.StreamSubroutine} (emits {@code (ident, bytes)} chunks) — and
 * the folders it shares. A {@link dev.swarmnet.Controller} is the client-side factory for one gateway:
 * {@link dev.swarmnet.Controller#getClient()} opens a connection served by one of the gateway's handlers
 * and returns the {@link dev.swarmnet.Client} through which every operation is made, and {@link
 * dev.swarmnet.Controller#swarm(int)} opens several at once for transfers spread over them ({@link
 * dev.swarmnet.Swarm}). Files are selected with {@link dev.swarmnet.FileQuery}; a transfer's outcome is a
 * {@link dev.swarmnet.TransferReport}.
 *
 * <p>Every failure of a connection or a gateway is an {@link java.io.IOException}; one the gateway reports is a {@link
 * dev.swarmnet.RemoteException} (or a subclass) carrying an {@link dev.swarmnet.ErrorCode} and the gateway's
 * message; failures of swarmnet's own making on the client side are {@link dev.swarmnet.SwarmnetException}s.
 * Bad arguments are refused at once with an {@link java.lang.IllegalArgumentException}. Gateways, controllers, clients and swarms are
 * {@link java.lang.AutoCloseable}; configuration is by builders, and values are immutable records.
 *
 * <p>This is the whole public API: the packages under {@code dev.swarmnet.internal} are not exported and may
 * change in any release.
 */
package dev.swarmnet;
