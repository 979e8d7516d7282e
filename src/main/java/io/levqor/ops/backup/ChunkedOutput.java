package io.levqor.ops.backup;

import java.io.IOException;
import java.io.OutputStream;

/** An output stream that hands its bytes on in chunks of a fixed size: the archive's frames and sealed chunks. */
abstract class ChunkedOutput extends OutputStream {

    private final byte[] buffer;
    private int filled;
    private boolean closed;

    ChunkedOutput(int chunkSize) {
        this.buffer = new byte[chunkSize];
    }

    /** Writes one chunk of {@code length} bytes; the one {@code last} comes from {@link #close()}, possibly empty. */
    protected abstract void emit(byte[] chunk, int length, boolean last) throws IOException;

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            emitFilled(false);
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == buffer.length) {
                emitFilled(false);
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        emitFilled(true);
    }

    private void emitFilled(boolean last) throws IOException {
        emit(buffer, filled, last);
        filled = 0;
    }
}
