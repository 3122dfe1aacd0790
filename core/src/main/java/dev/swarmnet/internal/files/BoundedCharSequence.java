package dev.swarmnet.internal.files;

/**
 * A string that allows only so many character reads. A regex matcher reads its input through
 * {@link #charAt(int)} at every backtracking step, so counting reads bounds the time one match can take
 * without a timer thread.
 */
final class BoundedCharSequence implements CharSequence {
    /** Thrown from inside the matcher, which cannot throw checked exceptions, and caught by the caller. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("character read budget exceeded", null, false, false);
        }
    }

    private final String text;
    private final long maxReads;
    private long readsLeft;

    BoundedCharSequence(String text, long maxReads) {
        if (text == null) {
            throw new NullPointerException("text");
        }
        if (maxReads < 1) {
            throw new IllegalArgumentException("maxReads must be positive, got " + maxReads);
        }
        this.text = text;
        this.maxReads = maxReads;
        this.readsLeft = maxReads;
    }

    /** The character reads made so far (at most the allowance). */
    long reads() {
        return Math.min(maxReads, maxReads - readsLeft);
    }

    @Override
    public char charAt(int index) {
        if (--readsLeft < 0) {
            throw new BudgetExceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    /** Only used to extract groups after a match, never while backtracking, so it need not count. */
    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
