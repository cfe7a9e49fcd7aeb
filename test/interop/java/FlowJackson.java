import com.acme.Address;
import com.acme.Order;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.TimeUnit;

/**
 * The AWS Flow Framework for Java's data converter (JsonDataConverter: Jackson with its exact
 * settings), driven by the tests over stdin/stdout, one JSON request and one JSON answer a line:
 * - {"op":"toData","value":NAME}: what Flow writes for a Java value (a decider's arguments, a
 *   worker's result);
 * - {"op":"fromData","type":JAVA_TYPE,"data":TEXT}: what a decider reads from a result of that
 *   declared type, described with its Java classes;
 * - {"op":"throwable","data":TEXT}: the Throwable a decider rebuilds from failure details.
 */
public class FlowJackson {
    @JsonIgnoreProperties({"localizedMessage"})
    abstract static class ThrowableMixIn {}

    static ObjectMapper flowMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        mapper.activateDefaultTyping(
            BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build(),
            ObjectMapper.DefaultTyping.NON_FINAL);
        mapper.addMixIn(Throwable.class, ThrowableMixIn.class);
        return mapper;
    }

    static final ObjectMapper FLOW = flowMapper();
    static final ObjectMapper PLAIN = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Order sampleOrder() {
        Order order = new Order();
        order.id = "o-1";
        order.qty = 3;
        order.tags = new ArrayList<>(List.of("gift", "express"));
        order.prices = new HashMap<>(Map.of("book", 1250L));
        order.shipTo = new Address("Lyon", 69001);
        order.codes = new String[] {"A", "B"};
        order.total = 5_000_000_000L;
        order.createdAt = new Date(1_700_000_000_000L);
        return order;
    }

    static Object value(String name) {
        switch (name) {
            case "args:string-int": return new Object[] {"hello", 42};
            case "args:none": return new Object[] {};
            case "args:boxed": return new Object[] {
                5L, 1.5f, 2.5, true, null, (short) 3, (byte) 1, 'c',
                new BigDecimal("1.25"), new BigInteger("12345678901234")};
            case "args:collections": return new Object[] {
                new ArrayList<>(List.of("a", "b")),
                new HashMap<>(Map.of("k", 1)),
                new LinkedList<>(List.of(7L)),
                new HashSet<>(Set.of("x")),
                new TreeMap<>(Map.of("n", new ArrayList<>(List.of(1L, 2L)))),
                new String[] {"s"},
                new int[] {1, 2}};
            case "args:order": return new Object[] {sampleOrder(), "note"};
            case "args:date-enum": return new Object[] {new Date(1_700_000_000_000L), TimeUnit.SECONDS};
            case "result:void": return null;
            case "result:string": return "done";
            case "result:int": return 7;
            case "result:long": return 5_000_000_000L;
            case "result:double": return 2.5;
            case "result:boolean": return true;
            case "result:list": return new ArrayList<>(List.of("a", "b"));
            case "result:list-of-long": return new ArrayList<>(List.of(1L, 2L));
            case "result:map": return new HashMap<>(Map.of("k", 1));
            case "result:order": return sampleOrder();
            case "result:date": return new Date(1_700_000_000_000L);
            case "result:set": return new HashSet<>(List.of("x"));
            case "result:receipt": {
                com.acme.Receipt receipt = new com.acme.Receipt();
                receipt.chargeId = "ch_1";
                receipt.cents = 1250L;
                return receipt;
            }
            default: throw new IllegalArgumentException("no value named " + name);
        }
    }

    static Class<?> type(String name) throws ClassNotFoundException {
        switch (name) {
            case "void": return Void.class;
            case "int": return int.class;
            case "long": return long.class;
            case "double": return double.class;
            case "float": return float.class;
            case "short": return short.class;
            case "byte": return byte.class;
            case "boolean": return boolean.class;
            default: return Class.forName(name);
        }
    }

    /** A value with the Java class of everything in it. */
    static JsonNode describe(Object value) throws IllegalAccessException {
        if (value == null) return NODES.nullNode();
        ObjectNode node = NODES.objectNode();
        node.put("class", value.getClass().getName());
        if (value instanceof String || value instanceof Character || value instanceof Enum) {
            node.put("value", value.toString());
        } else if (value instanceof Number || value instanceof Boolean) {
            node.set("value", PLAIN.valueToTree(value));
            node.put("text", value.toString());
        } else if (value instanceof Date) {
            node.put("value", ((Date) value).getTime());
        } else if (value instanceof Collection) {
            ArrayNode items = node.putArray("items");
            for (Object item : (Collection<?>) value) items.add(describe(item));
        } else if (value.getClass().isArray()) {
            ArrayNode items = node.putArray("items");
            for (int i = 0; i < Array.getLength(value); i++) items.add(describe(Array.get(value, i)));
        } else if (value instanceof Map) {
            ObjectNode entries = node.putObject("entries");
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                entries.set(String.valueOf(entry.getKey()), describe(entry.getValue()));
            }
        } else {
            ObjectNode fields = node.putObject("fields");
            for (Field field : value.getClass().getFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    fields.set(field.getName(), describe(field.get(value)));
                }
            }
        }
        return node;
    }

    static JsonNode answer(JsonNode request) throws Exception {
        ObjectNode answer = NODES.objectNode();
        String op = request.get("op").asText();
        try {
            switch (op) {
                case "toData":
                    answer.put("data", FLOW.writeValueAsString(value(request.get("value").asText())));
                    break;
                case "fromData": {
                    Class<?> type = type(request.get("type").asText());
                    Object value = FLOW.readValue(request.get("data").asText(), type);
                    answer.set("value", describe(value));
                    break;
                }
                case "throwable": {
                    Throwable thrown = FLOW.readValue(request.get("data").asText(), Throwable.class);
                    ArrayNode chain = answer.putArray("chain");
                    for (Throwable t = thrown; t != null; t = t.getCause()) {
                        ObjectNode level = chain.addObject();
                        level.put("class", t.getClass().getName());
                        level.put("message", t.getMessage());
                        level.put("frames", t.getStackTrace().length);
                        if (t.getStackTrace().length > 0) level.put("top", t.getStackTrace()[0].toString());
                        if (t.getCause() == t) break;
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown op " + op);
            }
            answer.put("ok", true);
        } catch (Exception e) {
            answer.put("ok", false);
            answer.put("error", e.getClass().getName() + ": " + e.getMessage());
        }
        return answer;
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            out.append(PLAIN.writeValueAsString(answer(PLAIN.readTree(line)))).append('\n');
        }
        System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
