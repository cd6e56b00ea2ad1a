package dev.autoloss.model.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the JSON of the {@code experiment} and {@code bench} commands ({@code --out FILE.json}): records
 * as objects whose field names are their component names, indented, enum constants as their
 * command-line names ({@code DEEPFM} -> {@code deepfm}, {@code ML_CSV} -> {@code ml-csv}).
 */
public final class ReportJson {

    @SuppressWarnings("rawtypes") // one serializer for every enum type, registered through the raw Enum class
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Enum.class, new StdSerializer<Enum>(Enum.class) {
                @Override
                public void serialize(Enum value, JsonGenerator json, SerializerProvider provider) throws IOException {
                    json.writeString(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
            }));

    private ReportJson() {}

    public static void write(Path file, Object report) throws IOException {
        MAPPER.writeValue(file.toFile(), report);
    }
}
