import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * The OpenSearch counterpart of EngineNode.java: a thin wrapper around
 * OpenSearchRunner's CLI (same arguments) that engine/run compiles once into
 * engine/.cache/opensearch/classes, for an exact HTTP port (the stock main moves
 * to the next free port and refuses ports above 9299) and a per-node name
 * (-Dengine.node.name=...) and the discovery type (-Dengine.discovery.type=...).
 */
public final class OpenSearchNode {
    public static void main(final String[] args) throws Exception {
        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1);
        final String nodeName = System.getProperty("engine.node.name");
        // engine/run passes "zen" for a node of a multi-node cluster: the 3.x
        // runner defaults a one-node JVM to single-node discovery, which then
        // refuses the cluster's initial cluster-manager list.
        final String discovery = System.getProperty("engine.discovery.type");
        runner.onBuild((number, settings) -> {
            if (nodeName != null && !nodeName.isEmpty()) {
                settings.put("node.name", nodeName);
            }
            if (discovery != null && !discovery.isEmpty()) {
                settings.put("discovery.type", discovery);
            }
        });
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
