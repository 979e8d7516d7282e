package io.levqor.ops.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The plaintext inside an archive: per table {@code 'T' ‖ name ‖ frame* ‖ 0}, each frame {@code length (int) ‖
 * bytes} (a COPY stream's length is unknown until it ends), then {@code 'M' ‖ length ‖ manifest JSON ‖ 'E'}.
 */
final class ArchiveContent {

    private static final int TABLE = 'T';
    private static final int MANIFEST = 'M';
    private static final int END = 'E';
    private static final int FRAME = 64 * 1024;

    private ArchiveContent() {}

    /** Writes entries into the (encrypting) stream. */
    static final class Writer {
        private final DataOutputStream out;

        Writer(OutputStream out) {
            this.out = new DataOutputStream(out);
        }

        /** A stream for one table's bytes; close it before the next entry. */
        OutputStream table(String name) throws IOException {
            out.writeByte(TABLE);
            out.writeUTF(name);
            return new Framing(out);
        }

        void finish(byte[] manifest) throws IOException {
            out.writeByte(MANIFEST);
            out.writeInt(manifest.length);
            out.write(manifest);
            out.writeByte(END);
            out.flush();
        }
    }

    /** Reads entries back; a table's stream must be read to its end before {@link #next()}. */
    static final class Reader {
        private final DataInputStream in;

        Reader(InputStream in) {
            this.in = new DataInputStream(in);
        }

        /** The next entry: a table (name and stream) or, once, the manifest. */
        Entry next() throws IOException {
            int kind = in.read();
            return switch (kind) {
                case TABLE -> new Entry(in.readUTF(), new Unframing(in), null);
                case MANIFEST -> {
                    int length = in.readInt();
                    if (length < 0 || length > 64 * 1024 * 1024) {
                        throw new ArchiveRefused("the archive's manifest has an impossible length");
                    }
                    byte[] manifest = new byte[length];
                    in.readFully(manifest);
                    if (in.read() != END || in.read() != -1) {
                        throw new ArchiveRefused("the archive does not end after its manifest");
                    }
                    yield new Entry(null, null, manifest);
                }
                default -> throw new ArchiveRefused("the archive's content is malformed (entry " + kind + ")");
            };
        }
    }

    /** A table ({@code name} and {@code data}) or the manifest. */
    record Entry(@Nullable String name, @Nullable InputStream data, byte @Nullable [] manifest) {}

    private static final class Framing extends ChunkedOutput {
        private final DataOutputStream out;

        Framing(DataOutputStream out) {
            super(FRAME);
            this.out = out;
        }

        @Override
        protected void emit(byte[] chunk, int length, boolean last) throws IOException {
            if (length > 0) {
                out.writeInt(length);
                out.write(chunk, 0, length);
            }
            if (last) {
                out.writeInt(0); // the end of this entry's frames
            }
        }
    }

    private static final class Unframing extends InputStream {
        private final DataInputStream in;
        private int left;
        private boolean ended;

        Unframing(DataInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (left == 0) {
                if (ended) {
                    return -1;
                }
                try {
                    left = in.readInt();
                } catch (EOFException e) {
                    throw new ArchiveRefused("the archive ends inside a table");
                }
                if (left < 0 || left > FRAME) {
                    throw new ArchiveRefused("the archive's content is malformed (frame of " + left + " bytes)");
                }
                ended = left == 0;
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n < 0) {
                throw new ArchiveRefused("the archive ends inside a table");
            }
            left -= n;
            return n;
        }

        /** Reads to the end of the table, so the next entry can be read. */
        @Override
        public void close() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // draining
            }
        }
    }
}
