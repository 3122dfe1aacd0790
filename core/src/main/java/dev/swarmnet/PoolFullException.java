package dev.swarmnet;

/** The gateway's handler pool had no free slot for a new client (pynetwork's "503"). */
public class PoolFullException extends RemoteException {
    private static final long serialVersionUID = 1L;

    /** The gateway's refusal, in its own words. */
    public PoolFullException(String remoteMessage) {
        super(ErrorCode.POOL_FULL, remoteMessage);
    }
}
