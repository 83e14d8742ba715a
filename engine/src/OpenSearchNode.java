import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * The OpenSearch counterpart of EngineNode.java: a thin wrapper around
 * OpenSearchRunner's CLI (same arguments) that engine/run compiles once into
 * engine/.cache/opensearch/classes, for an exact HTTP port (the stock main moves
 * to the next free port and refuses ports above 9299) and a per-node name
 * (-Dengine.node.name=...).
 */
public final class OpenSearchNode {
    public static void main(final String[] args) throws Exception {
        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1);
        final String nodeName = System.getProperty("engine.node.name");
        if (nodeName != null && !nodeName.isEmpty()) {
            runner.onBuild((number, settings) -> settings.put("node.name", nodeName));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                e.printStackTrace();
            }
        }));
        try {
            runner.build(args);
        } catch (final Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}
