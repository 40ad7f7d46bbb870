/**
 * Netty framing for the PostgreSQL protocol 3.0. Frames are retained slices of whole messages;
 * records from {@code io.turnout.protocol.pg.message} are decoded only where someone needs to look.
 *
 * <pre>
 *  client bytes                                      pipeline (client side of the proxy)
 *  ------------                                      -----------------------------------
 *  [len][80877103]            SSLRequest   --+
 *  [len][00030000][k\0v\0..\0] Startup     --+--&gt;  PgStartupFrameDecoder(maxStartupBytes)
 *                                                       |  ByteBuf frame (length included)
 *                                                       v
 *                                                  session handler: StartupPacket.classify(frame)
 *                                                       |  after StartupMessage: fire/forward the frame,
 *                                                       |  THEN pipeline.replace(startup framer,
 *                                                       |                        new PgFrameDecoder(max))
 *  ['Q'][len][sql\0]  ...     typed        -----&gt;  PgFrameDecoder(maxMessageBytes)
 *                                                       |  ByteBuf frame (type byte included)
 *                                                       v
 *                                                  relay as is, or BackendMessage/FrontendMessage.decode(frame)
 *
 *  outbound: raw ByteBuf frames pass through; PgMessage records go through the shared PgMessageEncoder.
 *  errors:   both framers throw PgProtocolException (SQLSTATE 08P01) and then discard all input;
 *            the handler answers ErrorResponse.fatal(e.sqlState(), e.getMessage()) and closes.
 * </pre>
 */
package io.turnout.protocol.pg.codec;
