/** Opening a recording from the toolbar's file input or a file dropped on the inspector (and its read-only chat). */
import { useState, type DragEvent } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import type { TrafficStore } from '../../state/traffic-store';
import { showRecordingChat } from '../recording/recording-view';
import { describeOpened, openRecording } from './recordings';

const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');

export function useRecordingFiles(store: TrafficStore) {
  const bridge = useBridge();
  const [note, setNote] = useState('');
  const [dragging, setDragging] = useState(false);
  const open = (file: File) => {
    setNote(`Opening ${file.name}…`);
    void openRecording(bridge, file).then((r) => {
      if ('error' in r) return setNote(r.error);
      setNote(describeOpened(r));
      void store.commands.setTarget(r.endpointId);
      showRecordingChat(r);
    });
  };
  const dropProps = {
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragLeave: () => setDragging(false),
    onDrop: (e: DragEvent) => {
      setDragging(false);
      const file = e.dataTransfer?.files?.[0];
      if (!file) return;
      e.preventDefault();
      open(file);
    },
  };
  return { note, dragging, open, dropProps };
}
