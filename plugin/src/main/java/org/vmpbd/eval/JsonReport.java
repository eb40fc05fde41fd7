package org.vmpbd.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Path;

/** Writes results as JSON for machines; NaN and infinities become {@code null}. */
public final class JsonReport {
    private static final ObjectMapper MAPPER = mapper();

    private JsonReport() {
    }

    public static ObjectMapper mapper() {
        SimpleModule nan = new SimpleModule("nan-as-null");
        nan.addSerializer(Double.class, new FiniteDouble());
        nan.addSerializer(double.class, new FiniteDouble());
        return new ObjectMapper().registerModule(nan).enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static void write(Object value, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), value);
    }

    private static final class FiniteDouble extends StdSerializer<Double> {
        FiniteDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (v == null || v.isNaN() || v.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(v);
            }
        }
    }
}
