package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static dev.swarmnet.hostile.HostileGateway.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every form of path traversal, through the raw wire, in FILE_LIST (folder and file queries), FILE_GET and
 * FILE_PUT (docs/PROTOCOL.md section 10). SandboxTest covers the common forms through the Java client and a
 * raw FILE_GET/FILE_PUT; this adds the rest: "../..", "./..", NUL bytes, drive forms, links to links, loops,
 * dangling links, overlong names and paths, control characters, look-alikes. Nothing outside the share is
 * listed or sent, nothing is written anywhere (HostileGateway compares the whole tree after each test), and
 * the connection stays usable after each refusal.
 */
class PathAbuseTest {
    /** 15 folders of 250 characters: a relative path of about 3,780 characters inside the share. */
    private static final String LONG_FOLDER = String.join("/", java.util.Collections.nCopies(15, "a".repeat(250)));

    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard().withShared(share -> {
        Path deep = Files.createDirectories(share.resolve("long").resolve(LONG_FOLDER));
        Files.writeString(deep.resolve("aaaa"), "at the bottom");
    });

    /** Names that try to leave the share: always FORBIDDEN. */
    static Stream<Function<HostileGateway, String>> traversals() {
        return Stream.of(
                named("../..", g -> "../.."),
                named("./..", g -> "./.."),
                named("logs/./../..", g -> "logs/./../.."),
                named("logs/..", g -> "logs/.."),
                named("trailing /..", g -> "logs/deep/../../.."),
                named("//../", g -> "//../"),
                named("the share, then ..", g -> g.share() + "/..") ,
                named("the folder outside, absolute", g -> g.outside().toString()),
                named("the secret, absolute", g -> g.outside().resolve("secret.txt").toString()),
                named("/proc/self/environ", g -> "/proc/self/environ"),
                named("..\\..", g -> "..\\.."),
                named("logs\\..\\..\\outside", g -> "logs\\..\\..\\outside"),
                named("C:\\", g -> "C:\\"),
                named("C:", g -> "C:"),
                named("c:secret", g -> "c:secret"),
                named("NUL inside", g -> "logs\0/../../outside"),
                named("NUL at the end", g -> "a.txt\0"),
                named("a link out", g -> "link-out"),
                named("a link out, then a file", g -> "link-out/secret.txt"),
                named("a link to a link out", g -> "chain"),
                named("a link to a link out, then a file", g -> "chain/secret.txt"),
                named("a file link out", g -> "link-out-file"),
                named("a link out, then back", g -> "link-out/../share/a.txt"),
                named("a name of 256 bytes", g -> "a".repeat(256)),
                named("a path of 4,096 bytes of ..", g -> "../".repeat(1365) + "a"));
    }

    /** Names that lead nowhere real, or in circles: NOT_FOUND or FORBIDDEN, never anything else. */
    static Stream<Function<HostileGateway, String>> nowheres() {
        return Stream.of(
                named("%2e%2e (not decoded)", g -> "%2e%2e/outside"),
                named("full-width dots", g -> "\uFF0E\uFF0E/outside"),
                named("~", g -> "~"),
                named("$HOME", g -> "$HOME"),
                named("a dangling link", g -> "dangling"),
                named("a link loop", g -> "loop-a"),
                named("a link loop, then a name", g -> "loop-a/x"),
                named("... (three dots)", g -> ".../outside"),
                named("a trailing space", g -> ".. /outside"));
    }

    private static Function<HostileGateway, String> named(String name, Function<HostileGateway, String> path) {
        return new NamedPath(name, path);
    }

    /** A path function that prints as its name in the test report. */
    private record NamedPath(String name, Function<HostileGateway, String> path) implements Function<HostileGateway, String> {
        @Override
        public String apply(HostileGateway g) {
            return path.apply(g);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** As the folder of a folder query, in a file query, and as the source of a download, on one connection. */
    @ParameterizedTest
    @MethodSource("traversals")
    void aPathLeavingTheShareIsForbiddenInListingsAndDownloads(Function<HostileGateway, String> path)
            throws IOException {
        RawConnection raw = gw.ready();
        listFolder(raw, path.apply(gw), ErrorCode.FORBIDDEN);
        listFiles(raw, path.apply(gw), ErrorCode.FORBIDDEN);
        get(raw, RawConnection.FILE_GET, path.apply(gw), ErrorCode.FORBIDDEN);
        get(raw, RawConnection.FILE_REGET, path.apply(gw), ErrorCode.FORBIDDEN);
    }

    @ParameterizedTest
    @MethodSource("nowheres")
    void aPathToNothingRealIsNotFoundOrForbidden(Function<HostileGateway, String> path) throws IOException {
        RawConnection raw = gw.ready();
        listFolder(raw, path.apply(gw), null);
        listFiles(raw, path.apply(gw), null);
        get(raw, RawConnection.FILE_GET, path.apply(gw), null);
        get(raw, RawConnection.FILE_REGET, path.apply(gw), null);
    }

    /** dirname and dest of an upload that would land outside the download folder, or are no plain names. */
    static Stream<Arguments> uploads() {
        return Stream.of(
                upload("../..", "x.txt"), upload("", "../../x.txt"), upload("./..", "x.txt"), upload("a/./b", "x.txt"),
                upload(".", "x.txt"), upload("", "."), upload("", ".."), upload("", "/"), upload("", "//x.txt"),
                upload("a//b", "x.txt"), upload("", "x.txt/"), upload("/tmp", "x.txt"), upload("", "C:\\x.txt"),
                upload("C:", "x.txt"), upload("", "c:x.txt"), upload("a\\..\\..", "x.txt"), upload("", "x\0.txt"),
                upload("a\0", "x.txt"), upload("", "line\nbreak.txt"), upload("", "bell\u0007.txt"),
                upload("escape", "x.txt"), upload("", "escape/x.txt"), upload("escape/../..", "x.txt"),
                upload("", "a".repeat(256)), upload("a".repeat(256), "x.txt"),
                upload("", ".x.txt.0123456789abcdef.swarmnet-part"));
    }

    private static Arguments upload(String dirname, String dest) {
        return Arguments.of(Named.of("'" + dirname.replace("\0", "\\0") + "' + '" + dest.replace("\0", "\\0")
                .replace("\n", "\\n") + "'", dirname), dest);
    }

    @ParameterizedTest
    @MethodSource("uploads")
    void anUploadLeavingTheDownloadFolderIsForbiddenAndWritesNothing(String dirname, String dest) throws IOException {
        RawConnection raw = gw.ready();
        assertThat(put(raw, dirname, dest)).isEqualTo(ErrorCode.FORBIDDEN.wireCode());
        assertUsable(raw);
    }

    /** A folder where the file must go, a file where a folder must go. */
    static Stream<Arguments> clashes() {
        return Stream.of(upload("", "existing-dir"), upload("kept.txt", "x.txt"), upload("", "kept.txt/x.txt"));
    }

    /** Refused with a FILE_ACK that says why; the connection stays usable; nothing is written. */
    @ParameterizedTest
    @MethodSource("clashes")
    void anUploadOntoAFolderOrThroughAFileFailsAndWritesNothing(String dirname, String dest) throws IOException {
        RawConnection raw = gw.ready();
        assertThat(put(raw, dirname, dest)).isNotZero();
        assertUsable(raw);
    }

    /**
     * java.util.regex matches alternations recursively, one level per character: on a path of a few thousand
     * characters a regex like (a|/)* overflows the handler's stack before its step budget runs out.
     */
    @Test
    void aRegexThatOverflowsTheMatcherOnALongPathIsBadArguments() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_LIST, WireBody.create().u8(0).text("long").text("(a|/)*").u8(1).bytes());
        expectError(raw, ErrorCode.BAD_ARGUMENTS);
        assertUsable(raw);
    }

    /** A folder query reaches files deep inside the share, and only those: the long path itself is fine. */
    @Test
    void aRecursiveListingOfTheShareNamesOnlyFilesInside() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_LIST, WireBody.create().u8(0).text(gw.share().toString()).text("").u8(1)
                .bytes());
        List<String> sources = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Frame f = raw.readFrame(); f.type() != RawConnection.FILE_LIST_END; f = raw.readFrame()) {
            assertThat(f.type()).isEqualTo(RawConnection.FILE_LIST_PART);
            ByteBuffer body = ByteBuffer.wrap(f.body());
            for (int n = body.getInt(), i = 0; i < n; i++) {
                int kind = body.get();
                String dest = path(body);
                switch (kind) {
                    case 0 -> { // a file: size, mtime, mode
                        sources.add(gw.share() + "/" + dest); // how a client names a listed file
                        body.position(body.position() + 8 + 8 + 2);
                    }
                    case 1 -> body.position(body.position() + 8 + 2); // a folder: mtime, mode
                    default -> skipped.add(dest + ": " + path(body)); // skipped: the reason
                }
            }
        }
        assertThat(skipped).as("links are listed as skipped, never followed").isNotEmpty()
                .allSatisfy(s -> assertThat(s).endsWith(": a link"));
        assertThat(sources).allSatisfy(s -> assertThat(Path.of(s).normalize()).startsWith(gw.share()))
                .noneSatisfy(s -> assertThat(s).contains("secret"))
                .noneSatisfy(s -> assertThat(s).contains("link")) // links are never followed, not even inside
                .contains(gw.share() + "/a.txt", gw.share() + "/logs/deep/c.log");
        assertUsable(raw);
    }

    /** A folder query for {@code folder}: refused with {@code code} (null: NOT_FOUND or FORBIDDEN); still usable. */
    private static void listFolder(RawConnection raw, String folder, ErrorCode code) throws IOException {
        raw.writeFrame(RawConnection.FILE_LIST, WireBody.create().u8(0).text(folder).text("").u8(1).bytes());
        expectRefusal(raw, code);
        assertUsable(raw);
    }

    private static void listFiles(RawConnection raw, String file, ErrorCode code) throws IOException {
        raw.writeFrame(RawConnection.FILE_LIST, WireBody.create().u8(1).u32(2).text("a.txt").text(file).bytes());
        expectRefusal(raw, code);
        assertUsable(raw);
    }

    /** A FILE_GET or FILE_REGET (a retry) of 5 bytes of {@code source}: refused with {@code code}; still usable. */
    private static void get(RawConnection raw, int type, String source, ErrorCode code) throws IOException {
        raw.writeFrame(type, WireBody.create().u32(1).u32(42).text(source).i64(0).i64(5).bytes());
        Frame f = expect(raw, RawConnection.FILE_FAILED);
        ByteBuffer b = ByteBuffer.wrap(f.body());
        assertThat(b.getInt()).as("tag").isEqualTo(42);
        assertCode(ErrorCode.fromWire(b.getShort() & 0xFFFF), code, new String(f.body(), 6, f.body().length - 6,
                StandardCharsets.UTF_8));
        assertUsable(raw);
    }

    private static void expectRefusal(RawConnection raw, ErrorCode code) throws IOException {
        Frame f = expect(raw, RawConnection.ERROR);
        assertCode(ErrorCode.fromWire(f.errorCode()), code, f.errorMessage());
    }

    private static void assertCode(ErrorCode got, ErrorCode expected, String message) {
        if (expected != null) {
            assertThat(got).as("code; message: %s", message).isEqualTo(expected);
        } else {
            assertThat(got).as("code; message: %s", message).isIn(ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN);
        }
    }

    /** One FILE_PUT of 5 bytes with a correct trailer; returns the FILE_ACK's code. */
    private static int put(RawConnection raw, String dirname, String dest) throws IOException {
        byte[] payload = "owned".getBytes(StandardCharsets.UTF_8);
        raw.writeFrame(RawConnection.FILE_PUT, WireBody.create().u32(9).text(dirname).text(dest).i64(payload.length)
                .i64(1_600_000_000_000L).u16(0644).bytes());
        raw.writeRaw(payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        raw.writeFrame(RawConnection.FILE_DONE, WireBody.create().u32(9).u32((int) crc.getValue()).u8(0).bytes());
        ByteBuffer ack = ByteBuffer.wrap(expect(raw, RawConnection.FILE_ACK).body());
        assertThat(ack.getInt()).as("tag").isEqualTo(9);
        return ack.getShort() & 0xFFFF;
    }

    private static void assertUsable(RawConnection raw) throws IOException {
        raw.writeFrame(RawConnection.PING, "usable".getBytes(StandardCharsets.UTF_8));
        expect(raw, RawConnection.PONG);
    }

    private static String path(ByteBuffer b) {
        byte[] bytes = new byte[b.getShort() & 0xFFFF];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
