package org.vmpbd.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;

class ModelCodecTest {
    private final ModelCodec codec = new ModelCodec();

    private static DetectionModel model(SyscallFilter filter) {
        Abi abi = Abis.byName(Abis.LINUX_I386);
        List<ProcessTrace> train = TestTraces.markov(abi, 20, 15, 30, 200, 11);
        return new ModelTrainer().train(train, new TrainingOptions(6, IdfVariant.PAPER, filter, "unit"));
    }

    @Test
    void roundTripKeepsEverything(@TempDir Path dir) throws Exception {
        Abi abi = Abis.byName(Abis.LINUX_I386);
        DetectionModel m = model(new SyscallFilter(abi, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        Path f = dir.resolve("m.vmpbd");
        codec.write(m, f);
        DetectionModel back = codec.read(f);
        assertEquals(m.abi(), back.abi());
        assertEquals(m.m(), back.m());
        assertEquals(IdfVariant.PAPER, back.weights().variant());
        assertEquals(m.filter(), back.filter());
        assertEquals(m.training(), back.training());
        assertEquals(m.library().rows(), back.library().rows());
        assertArrayEquals(m.library().colidx(), back.library().colidx());
        for (int s = 0; s < abi.size(); s++) {
            assertEquals(m.weights().idf(s), back.weights().idf(s));
            assertEquals(m.weights().frequency(s), back.weights().frequency(s));
        }
        assertEquals("linux-i386", codec.readHeader(f).get("abi").asText());
        assertEquals(6, codec.readHeader(f).get("m").asInt());
    }

    @Test
    void aFlippedByteIsRefused() throws Exception {
        byte[] data = codec.encode(model(null));
        data[data.length / 2] ^= 0x40;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> codec.decode(data, "x.vmpbd"));
        assertTrue(e.getMessage().startsWith("x.vmpbd: "), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void truncationAnywhereIsRefused() throws Exception {
        byte[] data = codec.encode(model(null));
        for (int cut : new int[] {0, 5, 12, 30, data.length / 2, data.length - 1}) {
            byte[] part = Arrays.copyOf(data, cut);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> codec.decode(part, "t.vmpbd"),
                "cut at " + cut);
            assertTrue(e.getMessage().contains("t.vmpbd"), e.getMessage());
        }
    }

    @Test
    void anotherFormatVersionIsRefused() throws Exception {
        byte[] data = codec.encode(model(null));
        ByteBuffer.wrap(data).putInt(8, 99);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> codec.decode(data, "v.vmpbd"));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }

    @Test
    void notAModelIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello, this is not a model file at all");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> codec.read(f));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
        assertThrows(ModelFormatException.class, () -> codec.read(dir.resolve("missing.vmpbd")));
    }
}
