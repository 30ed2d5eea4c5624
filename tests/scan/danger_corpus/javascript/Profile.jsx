import React, { useEffect, useState } from 'react';
import { marked } from 'marked';
import DOMPurify from 'dompurify';

export function Bio({ user }) {
  return <div className="bio" dangerouslySetInnerHTML={{ __html: user.bioHtml }} />; // hookagent-expect: CWE-79
}

export function BioSafe({ user }) {
  return <div className="bio" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(marked(user.bio)) }} />;
}

export function Profile({ id }) {
  const [user, setUser] = useState(null);
  useEffect(() => {
    fetch(`/api/users/${encodeURIComponent(id)}`)
      .then((r) => r.json())
      .then(setUser);
  }, [id]);
  if (!user) return <p>Loading…</p>;
  return (
    <section>
      <h1>{user.name}</h1>
      <Bio user={user} />
      <a href={user.website} rel="noopener noreferrer">website</a>
    </section>
  );
}

export function avatarColor(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return `hsl(${Math.abs(h) % 360}, 60%, 50%)`;
}
