package dev.swarmnet.internal.files;

/** {@link SharesTest} on the path-based fallback of platforms without folder handles. */
class SharesOnPathsTest extends SharesTest {
    @Override
    boolean handles() {
        return false;
    }
}
