package dev.swarmnet.internal.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Destinations are compared as this host writes them: strings that encode alike are one file. */
class DuplicateNamesTest {
    @Test
    void namesThatEncodeAlikeFailEachWithTheNameTheyMet() {
        DuplicateNames names = new DuplicateNames();
        // a lone surrogate is written as '?': these three strings name one file
        assertThat(names.admit(new FileEntry("x/a?", "a?", 1, 0))).isTrue();
        assertThat(names.admit(new FileEntry("x/a\uD800", "a\uD800", 1, 0))).isFalse();
        assertThat(names.admit(new FileEntry("y/a\uDC00", "a\uDC00", 1, 0))).isFalse();
        assertThat(names.admit(new FileEntry("x/\u00e9", "\u00e9", 1, 0))).isTrue(); // distinct bytes: admitted
        assertThat(names.admit(new FileEntry("x/\uD83D\uDE00", "\uD83D\uDE00", 1, 0))).isTrue(); // a valid pair
        assertThat(names.refused()).hasSize(2).allSatisfy(f ->
                assertThat(f.reason()).contains("the same file name on this host as 'a?'"));
        assertThat(names.refused()).extracting(f -> f.path()).containsExactly("x/a\uD800", "y/a\uDC00");
    }
}
