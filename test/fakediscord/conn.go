package fakediscord

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// writeTimeout bounds one websocket write.
const writeTimeout = 5 * time.Second

// outFrame is a text frame to send, or (closeCode > 0) a close frame after which the connection ends.
type outFrame struct {
	data      []byte
	closeCode int
	closeText string
}

// conn is one gateway websocket. Frames are queued (never blocking the server lock) and written in
// order by the connection's writer goroutine.
type conn struct {
	ws   *websocket.Conn
	wake chan struct{} // cap 1
	done chan struct{} // closed when the reader ends

	qmu   sync.Mutex
	queue []outFrame

	// guarded by Server.mu
	session *session
}

func newConn(ws *websocket.Conn) *conn {
	return &conn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// send queues f; it never blocks.
func (c *conn) send(f outFrame) {
	c.qmu.Lock()
	c.queue = append(c.queue, f)
	c.qmu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// drop closes the socket without a close frame; the reader then ends.
func (c *conn) drop() { _ = c.ws.Close() }

// writeLoop writes queued frames until the reader ends or a close frame was sent.
func (c *conn) writeLoop() {
	for {
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
		c.qmu.Lock()
		batch := c.queue
		c.queue = nil
		c.qmu.Unlock()
		for _, f := range batch {
			if f.closeCode > 0 {
				msg := websocket.FormatCloseMessage(f.closeCode, f.closeText)
				_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(writeTimeout))
				c.drop()
				return
			}
			_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				c.drop()
				return
			}
		}
	}
}

// frame encodes a gateway payload {"op","d","s","t"}; t "" and seq 0 are sent as null.
func frame(op int, t string, d any, seq int64) []byte {
	p := map[string]any{"op": op, "d": d, "s": nil, "t": nil}
	if t != "" {
		p["t"] = t
	}
	if seq > 0 {
		p["s"] = seq
	}
	b, err := json.Marshal(p)
	if err != nil {
		panic("fakediscord: encode gateway payload: " + err.Error()) // our own maps: a bug
	}
	return b
}
