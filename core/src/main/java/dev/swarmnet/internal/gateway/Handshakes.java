package dev.swarmnet.internal.gateway;

/**
 * What the handshakes of one gateway share: their caps, and the logs that summarise what remote peers
 * can make fail at will.
 *
 * @param warnings failed handshakes and authentications, handshake timeouts (WARN)
 * @param refusals connections refused for a full pool or too many handshakes (progress level)
 */
record Handshakes(HandshakeBudget budget, SummarisingLog warnings, SummarisingLog refusals) {
}
