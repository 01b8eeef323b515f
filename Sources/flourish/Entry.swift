import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

@main
enum Entry {
    static func main() async {
        // A reader of the logs that goes away (a closed pipe) must not end the gateway; the write fails instead.
        signal(SIGPIPE, SIG_IGN)
        // Tasks run on the server's event loops: no hop to another thread pool on each await. This must happen
        // before any task is scheduled, so it is the first thing the program does.
        if !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            FileHandle.standardError.write(
                Data("flourish: Swift concurrency keeps its own executor; tasks will hop to its thread pool\n".utf8))
        }
        await FlourishCommand.main()
    }
}
