package dev.courier.load.xmpp;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed XML element: enough of a tree for XMPP stanzas. RFC 7395 puts exactly one top-level element into each
 * WebSocket text frame, so a frame is parsed on its own with StAX.
 *
 * @param name       local name, e.g. "message"
 * @param namespace  namespace URI, "" when none
 * @param attributes attributes by local name
 * @param children   child elements in document order
 * @param text       the element's own character data
 */
record XmlElement(String name, String namespace, Map<String, String> attributes, List<XmlElement> children,
                  String text) {

    private static final XMLInputFactory FACTORY = newFactory();

    XmlElement {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
    }

    /** Parses one frame holding one element. */
    static XmlElement parse(String frame) {
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(frame));
            try {
                while (reader.next() != XMLStreamConstants.START_ELEMENT) {
                    // Skip the prolog, if any.
                }
                return element(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new IllegalArgumentException("Not one XML element: " + frame, e);
        }
    }

    /** The attribute's value, or null. */
    String attribute(String attributeName) {
        return attributes.get(attributeName);
    }

    /** The first child with this name (any namespace), or null. */
    XmlElement child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    /** The first child with this name and namespace, or null. */
    XmlElement child(String childName, String childNamespace) {
        for (XmlElement child : children) {
            if (child.name.equals(childName) && child.namespace.equals(childNamespace)) {
                return child;
            }
        }
        return null;
    }

    /** Whether this is the element {@code name} in {@code namespace}. */
    boolean is(String elementName, String elementNamespace) {
        return name.equals(elementName) && namespace.equals(elementNamespace);
    }

    private static XmlElement element(XMLStreamReader reader) throws XMLStreamException {
        String name = reader.getLocalName();
        String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
        }
        List<XmlElement> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            switch (reader.next()) {
                case XMLStreamConstants.START_ELEMENT -> children.add(element(reader));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(reader.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    return new XmlElement(name, namespace, attributes, children, text.toString());
                }
                default -> {
                    // Comments and processing instructions carry nothing for us.
                }
            }
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
