package dev.fusering.internal.dispatch;

/**
 * The dispatcher's per-{@link Exchange} objects, kept in {@link Exchange#dispatcherState}: the views
 * and writers handed to the filesystem. They are created once per exchange and re-pointed for every
 * request, so the common requests allocate nothing.
 */
final class DispatchState {

    /** The request context. */
    final RequestView request;
    /** Reads names and data from the payload. */
    final PayloadCursor payload;
    /** The (first) name of a request. */
    final NameView name = new NameView();
    /** The second name of a request (RENAME target, SYMLINK target). */
    final NameView secondName = new NameView();
    /** Writes {@code fuse_entry_out}. */
    final EntryReplyWriter entry = new EntryReplyWriter();
    /** Writes {@code fuse_attr_out}. */
    final AttrReplyWriter attr = new AttrReplyWriter();
    /** Writes {@code fuse_open_out}. */
    final OpenReplyWriter open = new OpenReplyWriter();
    /** Writes {@code fuse_statx_out}. */
    final StatxReplyWriter statx = new StatxReplyWriter();
    /** Writes {@code fuse_statfs_out}. */
    final StatfsReplyWriter statfs = new StatfsReplyWriter();
    /** Reads {@code fuse_setattr_in}. */
    final SetattrView setattr;
    /** Packs READDIR replies. */
    final DirFiller dirFiller = new DirFiller();
    /** Packs READDIRPLUS replies. */
    final DirPlusFiller dirPlusFiller = new DirPlusFiller();
    /** The buffer slices handed to READ. */
    final SliceCache readSlice = new SliceCache(false);
    /** The read-only data slices handed to WRITE. */
    final SliceCache writeSlice = new SliceCache(true);

    /**
     * Creates the objects of one exchange.
     *
     * @param exchange the exchange
     */
    DispatchState(Exchange exchange) {
        this.request = new RequestView(exchange);
        this.payload = new PayloadCursor(exchange);
        this.setattr = new SetattrView(exchange);
    }

    /**
     * Returns the state of an exchange, creating it on first use.
     *
     * @param exchange the exchange
     * @return its state
     */
    static DispatchState of(Exchange exchange) {
        if (exchange.dispatcherState instanceof DispatchState state) {
            return state;
        }
        DispatchState state = new DispatchState(exchange);
        exchange.dispatcherState = state;
        return state;
    }
}
