package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which link targets stay inside the tree, judged on their text alone. */
class LinkTargetsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "l|a.txt",
        "l|./a.txt",
        "l|sub/deeper/a.txt",
        "l|.",
        "l|sub//a.txt",
        "sub/l|..",
        "sub/l|../a.txt",
        "sub/deeper/l|../../a.txt",
        "sub/deeper/l|../../sub/deeper/a",
        "sub/l|./../a.txt",
        "l|missing",
    })
    void insideTheTree(String link, String target) {
        assertThat(LinkTargets.refusal(link, target)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "l|..|a link leading outside the folder",
        "l|../a.txt|a link leading outside the folder",
        "sub/l|../../etc/passwd|a link leading outside the folder",
        "sub/deeper/l|../../../x|a link leading outside the folder",
        "l|/etc/passwd|an absolute link",
        "l|//x|an absolute link",
        "l|sub/../a.txt|a link with '..' after a name",
        "l|sub/top/../../x|a link with '..' after a name",
        "../l|a.txt|a link leading outside the folder",
    })
    void outsideTheTreeOrUnsure(String link, String target, String reason) {
        assertThat(LinkTargets.refusal(link, target)).startsWith(reason);
    }

    @org.junit.jupiter.api.Test
    void emptyNulAndOverlongTargetsAreRefused() {
        assertThat(LinkTargets.refusal("l", "")).isEqualTo(LinkTargets.EMPTY);
        assertThat(LinkTargets.refusal("l", "a\0b")).isEqualTo(LinkTargets.NUL);
        assertThat(LinkTargets.refusal("l", "é".repeat(2048))).isNull();
        assertThat(LinkTargets.refusal("l", "é".repeat(2048) + "x")).isEqualTo(LinkTargets.TOO_LONG);
    }
}
